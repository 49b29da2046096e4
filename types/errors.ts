/**
 * Error codes are namespaced by area. Every code carries a default Chinese message that tells a person
 * what went wrong and what to do; a handler may give a more specific message.
 */
export const ERRORS = {
  REQUEST_INVALID: '提交的内容不完整或格式不对，请检查后再试',
  REQUEST_UNKNOWN_OP: '这个操作不存在，请更新小程序后再试',
  REQUEST_REUSED: '这次提交和上一次不一致，请返回重新填写',
  REQUEST_TOO_LARGE: '提交的内容太大了，请删减后再试',
  AUTH_REQUIRED: '请先登录微信后再试',
  AUTH_FORBIDDEN: '你没有权限做这个操作',
  AUTH_NOT_OFFICER: '你还不是驿站工作人员，请先用邀请码绑定',
  STATION_NOT_FOUND: '没有找到这个驿站，请重新扫码或选择驿站',
  STATION_SUSPENDED: '这个驿站暂停服务，请选择县区驿站或拨打 12333',
  STATION_OUT_OF_SCOPE: '这个驿站不在你的管辖范围内',
  STATION_KIND_PARENT: '这种驿站不能建在所选的上级驿站下面',
  INVITE_NOT_FOUND: '邀请码不对，请核对后再输入',
  INVITE_EXPIRED: '邀请码已过期（72 小时内有效），请联系驿站负责人重新发一个',
  INVITE_USED: '这个邀请码已经用过了，请联系驿站负责人重新发一个',
  INVITE_LOCKED: '邀请码输错太多次，这个微信号暂时不能再输入邀请码；请向发邀请的负责人核对邀请码',
  MEMBERSHIP_SELF: '不能移除你自己，请联系管理员',
  CASE_NOT_FOUND: '没有找到这条诉求，可能已被撤回或你无权查看',
  CASE_CONFLICT: '这条诉求刚刚被别人处理过，请刷新后再试',
  CASE_ILLEGAL_ACTION: '这条诉求当前的状态不能做这个操作',
  CASE_CONFIDENTIAL_TARGET: '对单位保密和匿名的诉求不能转给企业驿站，请选择乡镇、园区或县区驿站',
  CASE_TRANSFER_LIMIT: '这条诉求已经转办两次，不能再转办，请上报',
  NOTICE_NOT_FOUND: '没有找到这条政策，可能已经撤回或过期了',
  CLAIM_NOT_FOUND: '没有找到这个诉求编号，请核对驿站给你的凭条上的编号',
  CLAIM_WRONG_CODE: '认领码不对，请核对凭条后再输入',
  CLAIM_LOCKED: '认领码已锁定，请联系驿站重新获取',
  CLAIM_USED: '这个认领码已经用过了，如有疑问请联系驿站',
  CLAIM_NOT_NEEDED: '这条诉求是职工自己在微信里提交的，已经在他的 我的诉求 里，不需要认领码',
  CLAIM_ALREADY_CLAIMED: '职工已经认领了这条诉求，不能再生成认领码',
  ALERT_NOT_FOUND: '没有找到这条聚集预警，可能你无权查看',
  SURVEY_NOT_FOUND: '没有找到这次测评，请回到驿站首页重新进入',
  SURVEY_NOT_OPEN: '这次测评现在不收答卷了，谢谢你的关心',
  SURVEY_ALREADY_ANSWERED: '你已经参加过这次测评了，每人只能答一次，谢谢你',
  SURVEY_RUNNING: '这个驿站已经有一次测评没有结束，结束后才能再发起',
  SURVEY_STATION_KIND: '满意度测评只在企业驿站和园区驿站开展',
  SURVEY_TASK_CLOSED: '这项整改已经办结了',
  STORE_CONFLICT: '数据刚刚被修改，请刷新后再试',
  STORE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  FILE_NOT_FOUND: '没有找到这个文件，链接可能已过期，请回到页面重新打开',
  FILE_REFUSED: '这个文件不能上传，请换一个再试',
  FILE_RATE_LIMITED: '上传太频繁了，请过一小时再试',
  UPLOAD_LOST: '上传中断了，请重新添加这个文件',
  JOB_NOT_FOUND: '没有找到这个任务，请重新开始',
  TEMPLATE_NOT_FOUND: '没有找到这条常用回复，可能已被删除，请刷新后再试',
  TEMPLATE_LIMIT: '常用回复最多 50 条，请先删除不用的',
  ACTIVITY_NOT_FOUND: '没有找到这条活动记录，可能已被删除，请刷新后再试',
  JOB_FAILED: '文件没能生成，请稍后重试',
  POSTER_CODE_FAILED: '驿站的小程序码暂时没能生成，请过几分钟再试',
  POSTER_NOT_COUNTY: '只能按县区批量生成海报，请从县区驿站进入',
  RATING_NOT_FOUND: '这个季度还没有评定星级，请先评定',
  REPORT_NOT_FOUND: '这一周的通报还没有生成，可以点 生成本周报告，或等周一 8 点自动生成',
  TASK_NOT_FOUND: '没有找到这项整改任务，可能你不是它的负责人',
  PROJECT_NOT_FOUND: '没有找到这个工程项目，可能不在你的管辖范围内，请刷新后再试',
  BLACKLIST_NOT_FOUND: '没有找到这条黑名单记录，请刷新后再试',
  BLACKLIST_ENDED: '这条记录已经不在黑名单上了（已到期或已移出）',
  BLACKLIST_DUPLICATE: '这份决定已经录入过了（同一文书号、同一统一社会信用代码）',
  RATE_LIMITED: '操作太频繁了，请稍后再试；着急可以拨打 12333',
  SWEEP_CALLER_FORBIDDEN: '定时任务不接受用户调用',
  NETWORK_FAILED: '网络不太好，请检查网络后重试',
  INTERNAL: '服务出了点问题，请稍后再试；着急可以拨打 12333',
} as const

export type ErrorCode = keyof typeof ERRORS

export interface AppErrorShape {
  code: ErrorCode
  message: string
  /** Field paths of the input that were refused, for forms to point at. */
  fields?: string[]
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape }

export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: string[]
  constructor(code: ErrorCode, message?: string, fields?: string[]) {
    super(message ?? ERRORS[code])
    this.code = code
    this.fields = fields
  }
  toShape(): AppErrorShape {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message }
  }
}

export const fail = (code: ErrorCode, message?: string, fields?: string[]): never => {
  throw new AppError(code, message, fields)
}
