/**
 * Who is calling, as the runtime vouches for it: the openid from the WeChat function context in the cloud,
 * the dev sign-in cookie on the local host, nobody for the timer. Never read from the request body (D1, D2).
 */
export interface Caller {
  openid: string | null
  via: 'wechat' | 'local' | 'timer'
}
