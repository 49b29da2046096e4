import { z } from 'zod'
import { defineContract } from '../contract'
import { ASSISTED_CHANNELS, Hotline } from '../domain'
import { CaseNo, CODE_ALPHABET, Id } from '../values'
import { refineCaseFacts, SubmitCaseInput, submitCase } from './case'

/**
 * 代为登记 (assisted intake, ADR 0010): an officer files a case for a worker who came to the station or called,
 * with the worker's own form; the worker later attaches it to their WeChat account (我的诉求 → 认领) with the
 * case number and a one-time claim code the officer hands them.
 */

/** Claim codes are shorter than invite codes: a worker copies one from a slip or hears it on the phone. */
export const CLAIM_CODE_LENGTH = 6

const CLAIM_CODE_WORDS = `认领码是凭条上的 ${CLAIM_CODE_LENGTH} 位字母和数字（里面没有 0、O、1、I、L）`

/** A claim code as people type it: case, spaces and dashes do not matter. */
export const ClaimCode = z
  .string()
  .max(32, CLAIM_CODE_WORDS)
  .transform((v) => v.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${CODE_ALPHABET}]{${CLAIM_CODE_LENGTH}}$`), CLAIM_CODE_WORDS))


/**
 * The worker's form, as an officer files it: the same fields and the same rules (`refineCaseFacts`), the
 * station being the officer's own, and how the worker came: 到站 or 电话.
 */
export const FileAssistedCaseInput = z
  .strictObject({ ...SubmitCaseInput.shape, channel: z.enum(ASSISTED_CHANNELS) })
  .superRefine(refineCaseFacts)

/** What the officer hands the worker (the 认领凭条): the case number, the code, and whom to ask. */
export const ClaimSlip = z.object({
  caseId: Id,
  caseNo: z.string(),
  /** Shown once and never stored (only its keyed hash is); null when withheld or when this answer is a replay. */
  claimCode: z.string().nullable(),
  /** When there is no code: why, and what to do, in words. */
  note: z.string().nullable(),
  /** The station that gave the slip: its name and phone are printed on it. */
  stationName: z.string(),
  stationPhone: z.string(),
  hotline: Hotline,
  /** The station that handles the case now. */
  ownerStationName: z.string(),
  /** This officer may give out a new code (`intake.issueCode`). */
  mayIssue: z.boolean(),
  issuedAtLabel: z.string(),
})
export type ClaimSlip = z.infer<typeof ClaimSlip>

export const fileAssistedCase = defineContract({
  fn: 'officer',
  op: 'intake.file',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  idempotent: true,
  input: FileAssistedCaseInput,
  output: submitCase.output.extend({ slip: ClaimSlip }),
})

/** A new claim code for a case the officer's station holds; the old one stops working. */
export const issueClaimCode = defineContract({
  fn: 'officer',
  op: 'intake.issueCode',
  audience: 'officer',
  caseAccess: 'issue_claim',
  input: z.strictObject({ id: Id }),
  output: ClaimSlip,
})

/** The worker attaches a case filed for them to their own account: 我的诉求 lists it from then on. */
export const claimCase = defineContract({
  fn: 'worker',
  op: 'case.claim',
  audience: 'user',
  rateLimit: 'claim',
  input: z.strictObject({ caseNo: CaseNo, code: ClaimCode }),
  output: z.object({
    id: Id,
    caseNo: z.string(),
    /** The same worker had claimed it already (e.g. a retry after a lost answer). */
    already: z.boolean(),
  }),
})

/** The operations of this file by name (handlers/intake.handlers.ts has one handler for each). */
export const INTAKE_CONTRACTS = { fileAssistedCase, issueClaimCode, claimCase } as const
