/**
 * Collection names and every index the product's queries need, declared once: the SQLite adapter creates
 * them, the CloudBase deploy guide (README) lists them, and the SQLite adapter refuses a query on a field no
 * index names, so a missing index is caught by the tests rather than by a slow cloud query.
 */
export const COLLECTIONS = {
  stations: 'stations',
  officers: 'officers',
  memberships: 'memberships',
  cases: 'cases',
  caseEvents: 'case_events',
  counters: 'counters',
  inboxCounts: 'inbox_counts',
  requests: 'requests',
  outbox: 'outbox',
  accessLog: 'access_log',
  settings: 'settings',
  projects: 'projects',
  invites: 'invites',
  auditLog: 'audit_log',
  policyNotices: 'policy_notices',
  policyNoticeReads: 'policy_notice_reads',
  policyNoticeRevisions: 'policy_notice_revisions',
  jobs: 'jobs',
  rateLimits: 'rate_limits',
  /** 代为登记: one claim code per case, by case number (read by id only). */
  claims: 'claims',
  clusters: 'clusters',
  alerts: 'alerts',
  caseLinks: 'case_links',
  media: 'media',
  uploads: 'uploads',
  uploadParts: 'upload_parts',
  surveyTemplates: 'survey_templates',
  surveyCampaigns: 'survey_campaigns',
  surveySalts: 'survey_salts',
  surveyVoters: 'survey_voters',
  surveyAnswers: 'survey_answers',
  surveyTasks: 'survey_tasks',
  /** Content-security verdicts on what cases carry (D24, ADR 0019). */
  contentChecks: 'content_checks',
  replyTemplates: 'reply_templates',
  activities: 'activities',
  ledgerFacts: 'ledger_facts',
  ledgerRollups: 'ledger_rollups',
  stationCodes: 'station_codes',
  posters: 'posters',
  stationRatings: 'station_ratings',
  supervision: 'supervision',
  supervisionTasks: 'supervision_tasks',
  awards: 'awards',
  projectArrears: 'project_arrears',
  blacklist: 'blacklist',
  exportRuns: 'export_runs',
  weeklyReports: 'weekly_reports',
  internalNotices: 'internal_notices',
} as const
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS]

/**
 * Collections that CloudBase keeps in one physical collection, their host (ADR 0050): a transaction's inserts into
 * its members are then one request (an `add` of the list), where they were one each. Only the CloudBase adapter
 * knows of hosts: the app, the domain and the SQLite adapter speak of the member collections, as ever. A member's
 * document is stored in its host with `HOST_TAG_FIELD` set to the member's tag and the `_id` `<tag>:<id>`, so ids
 * cannot meet across members; the adapter adds both on the way in and takes them off on the way out. The host's
 * indexes are each member's (INDEXES), with the tag field first. Members are listed in the order the one-time move
 * of documents stored before this takes them (`Store.moveIntoHosts`); `movesFirst`: which of a member's documents
 * go before its others.
 */
export const COLLECTION_HOSTS = [
  {
    host: 'case_log',
    members: [
      { collection: COLLECTIONS.requests, tag: 'rq' },
      { collection: COLLECTIONS.outbox, tag: 'ob', movesFirst: { status: 'pending' } },
      { collection: COLLECTIONS.caseEvents, tag: 'ev' },
      { collection: COLLECTIONS.ledgerFacts, tag: 'lf' },
    ],
  },
] as const satisfies ReadonlyArray<CollectionHost>

export interface CollectionHost {
  host: string
  members: ReadonlyArray<{ collection: CollectionName; tag: string; movesFirst?: Readonly<Record<string, string | number | boolean>> }>
}
export type HostName = (typeof COLLECTION_HOSTS)[number]['host']
type MemberName = (typeof COLLECTION_HOSTS)[number]['members'][number]['collection']
/** What CloudBase holds: every collection that is no host's member, and the hosts. */
export type PhysicalName = Exclude<CollectionName, MemberName> | HostName

/** The field of a host's document that names its member collection (by its tag). */
export const HOST_TAG_FIELD = '_c'

/** The collections the CloudBase deploy config lists, in COLLECTIONS' order with each host where its first member was. */
export const physicalCollections = (hosts: ReadonlyArray<CollectionHost> = COLLECTION_HOSTS): PhysicalName[] => {
  const hostOf = new Map(hosts.flatMap((h) => h.members.map((m) => [m.collection as string, h.host])))
  const out: string[] = []
  for (const name of Object.values(COLLECTIONS)) {
    const stored = hostOf.get(name) ?? name
    if (!out.includes(stored)) out.push(stored)
  }
  return out as PhysicalName[]
}

/** A host's indexes: each member's, with the tag field first; one where two members declare the same fields. */
export const hostIndexes = (host: CollectionHost, indexes: IndexSpec[] = INDEXES): IndexSpec[] => {
  const out: IndexSpec[] = []
  for (const m of host.members)
    for (const i of indexes.filter((x) => x.collection === m.collection)) {
      const fields = [HOST_TAG_FIELD, ...i.fields]
      if (!out.some((o) => o.fields.join() === fields.join())) out.push({ collection: host.host, fields })
    }
  return out
}

/**
 * What each collection holds, in a line: the CloudBase deploy config (cloudbase/database/*.json and
 * cloudbaserc.json, written by `npm run cloudbase:config`) carries it, and a collection without one does not
 * compile.
 */
export const COLLECTION_DESCRIPTIONS: Record<CollectionName | HostName, string> = {
  stations: 'Stations of the network: city, counties, townships, parks, enterprises',
  officers: 'Station officers (by openid)',
  memberships: 'Which officer serves which station, in which role and side',
  cases: 'Grievances (诉求) and their state',
  case_events: 'The timeline of each case',
  counters: 'Daily case-number sequences and other counters',
  inbox_counts: 'Inbox tab counts per station (本站), kept in each case change; a 全辖区 adds up its stations (by countyId)',
  requests: 'Idempotency records: the first answer to each request id',
  outbox: 'Messages to send, written with the change that causes them',
  access_log: 'Every view of a worker identity',
  settings: 'Policy, calendar and provisioning records',
  projects: 'Construction projects for wage-arrears routing',
  invites: 'One-time officer invite codes',
  audit_log: 'Who changed what in the network and its policy',
  jobs: 'Generated work (posters, exports) and its progress',
  rate_limits: 'Per-caller counts for the rate limits, one per window',
  claims: 'Claim codes of cases filed for a worker (keyed hash only)',
  policy_notices: 'Policy notices (政策宣传) a station publishes to itself and the stations below',
  policy_notice_reads: 'One row per reader and notice (keyed hash of the reader): read counts and unread marks',
  policy_notice_revisions: 'Every version of each policy notice, for its history',
  clusters: 'Cases per employer or project and county in a 30-day window (聚集预警)',
  alerts: 'Cluster alerts (聚集预警) raised at county stations',
  case_links: 'Links between related cases (关联)',
  media: 'Photos and voice notes (sniffed, stripped), owned by their uploader until a case names them',
  uploads: 'Uploads arriving in chunks',
  upload_parts: 'The chunks of uploads under way',
  survey_templates: 'Published versions of the satisfaction questionnaire',
  survey_campaigns: 'Satisfaction survey campaigns and the running tallies of their answers',
  survey_salts: 'Per-campaign salts of the answer hashes, removed when a campaign closes',
  survey_voters: 'Salted hashes of who answered a campaign (no time, no link to the answer)',
  survey_answers: 'Survey answers: ratings and comment only, no identity or time',
  reply_templates: 'Reply templates (常用回复) of each station; the city station’s are city-wide',
  activities: 'Activities officers log for the station ledger (会议、宣讲、走访、培训、调解)',
  ledger_facts: 'What each case change meant for the ledger, one row per fact, never rewritten (its roll-up mark aside)',
  case_log: 'On CloudBase, what a case change appends, tagged by _c (ADR 0050): timeline events (ev), ledger facts (lf), outbox rows (ob), idempotency records (rq)',
  ledger_rollups: 'Ledger figures per station or area, month or week, and privacy track, added up from the facts',
  survey_tasks: 'Improvement tasks (整改) for weak survey dimensions',
  station_codes: 'Each station’s code for its poster (a mini-program code in the cloud), made once and kept in Files',
  posters: 'Each station’s poster as last made: the PDF in Files, its layout and what it printed',
  content_checks: 'Content-security verdicts (WeChat msgSecCheck / mediaCheckAsync) on case text, messages, notices, survey comments, photos and voice notes',
  station_ratings: 'Star ratings (星级驿站) per station and quarter, with the figures they were rated on and any adjustment',
  supervision: 'Stations on the supervision list (重点监督对象) and the history of their entries and exits',
  supervision_tasks: 'Improvement tasks (整改) of supervised stations, with due dates and the officer assigned',
  awards: 'Harmony star awards (和谐之星): who, why, when',
  project_arrears: 'Open wage arrears per project and privacy track, kept with each case change (菏薪共治)',
  blacklist: 'Wage-arrears blacklist (欠薪黑名单) decisions',
  export_runs: 'Provincial export runs: the next cursor and the CSV of each',
  weekly_reports: 'Weekly dispatch reports (定期调度和通报) per county and for the city, as built',
  internal_notices: 'Internal notices to station heads (内部通知), never shown to workers',
}

export interface IndexSpec {
  collection: string
  fields: string[]
  /**
   * Only the documents whose first field is set (not missing, not null) are in the index: every query through
   * it names that field (an equality, an `$in` or a range), so the others are never read from it, and most
   * documents leave the field unset (a case without a transfer or a supervisor, a check that needs no retry).
   * The embedded store then keeps no entry for them (SQLite's partial index); CloudBase's indexes are as before.
   */
  sparse?: true
}

/** Ends each inbox index: the page's tie-break, then what the inbox's filters ask for. */
const INBOX_FILTER_FIELDS = ['_id', 'privacy', 'category', 'createdAt']

export const INDEXES: IndexSpec[] = [
  { collection: 'stations', fields: ['code'] },
  { collection: 'stations', fields: ['kind', 'sortKey'] },
  { collection: 'stations', fields: ['countyId', 'sortKey'] },
  { collection: 'stations', fields: ['parentId', 'sortKey'] },
  { collection: 'officers', fields: ['openid'] },
  { collection: 'memberships', fields: ['openid'] },
  { collection: 'memberships', fields: ['stationId'] },
  { collection: 'cases', fields: ['workerKey', 'createdAt'] },
  { collection: 'cases', fields: ['ownerStationId', 'state', 'createdAt', 'privacy'] },
  { collection: 'cases', fields: ['nextDueAt'] },
  { collection: 'cases', fields: ['firstStationId', 'privacy'] },
  // The inbox (ADR 0009): each tab by 本站, by a county's 全辖区 and by the city's, in the order the tab sorts
  // (then `_id`, the page's tie-break); the filters' fields come last, so a filtered walk or a capped count
  // checks them in the index without reading the cases.
  // The transfer and supervision tabs' indexes hold only the cases under a transfer or a supervisor (`sparse`).
  ...[
    ['ownerStationId', 'ownTab', 'ownSort'],
    ['ownerCountyId', 'ownTab', 'ownSort'],
    ['ownTab', 'ownSort'],
    ['ownerStationId', 'timeTab', 'ownSort'],
    ['ownerCountyId', 'timeTab', 'ownSort'],
    ['timeTab', 'ownSort'],
  ].map((fields) => ({ collection: 'cases', fields: [...fields, ...INBOX_FILTER_FIELDS] })),
  ...[
    ['transferTargetId', 'transferDue'],
    ['transferCountyId', 'transferDue'],
    ['transferDue'],
    ['supervisorStationId', 'superSort'],
    ['supervisorCountyId', 'superSort'],
    ['superSort'],
  ].map((fields) => ({ collection: 'cases', fields: [...fields, ...INBOX_FILTER_FIELDS], sparse: true as const })),
  // A county's 全辖区 counts add up its stations' counter documents, the city's every station's (ADR 0045).
  { collection: 'inbox_counts', fields: ['scope', 'countyId'] },
  { collection: 'projects', fields: ['countyId', 'name'] },
  { collection: 'invites', fields: ['stationId', 'status'] },
  { collection: 'audit_log', fields: ['at'] },
  { collection: 'case_events', fields: ['caseId', 'at'] },
  { collection: 'outbox', fields: ['status', 'nextAttemptAt'] },
  { collection: 'access_log', fields: ['caseId', 'at'] },
  { collection: 'access_log', fields: ['countyId', 'at'] },
  { collection: 'access_log', fields: ['at'] },
  // A worker's list: the notices of the stations on their path, live now, newest first (by category too).
  { collection: 'policy_notices', fields: ['stationId', 'status', 'publishAt'] },
  { collection: 'policy_notices', fields: ['stationId', 'status', 'category', 'publishAt'] },
  { collection: 'policy_notices', fields: ['status', 'until'] },
  // A publisher's list: a station's own, a county's, the city's; latest change first.
  { collection: 'policy_notices', fields: ['stationId', 'updatedAt'] },
  { collection: 'policy_notices', fields: ['countyId', 'updatedAt'] },
  { collection: 'policy_notices', fields: ['updatedAt'] },
  { collection: 'policy_notice_reads', fields: ['noticeId'] },
  { collection: 'policy_notice_reads', fields: ['readerKey', 'noticeId'] },
  { collection: 'policy_notice_revisions', fields: ['noticeId', 'rev'] },
  { collection: 'rate_limits', fields: ['until'] },
  // 聚集预警 and 关联 (ADR 0011): suggestions by name prefix within a county, a station's alerts, a case's links, a case by its number.
  { collection: 'stations', fields: ['countyId', 'employerKey'] },
  { collection: 'projects', fields: ['countyId', 'contractorKey'] },
  { collection: 'alerts', fields: ['stationId', 'status', 'raisedAt', 'privacy'] },
  { collection: 'case_links', fields: ['caseId', 'at'] },
  { collection: 'cases', fields: ['caseNo'] },
  { collection: 'media', fields: ['caseId', 'createdAt'] },
  { collection: 'uploads', fields: ['ownerKey', 'createdAt'] },
  { collection: 'uploads', fields: ['state', 'updatedAt'] },
  { collection: 'survey_templates', fields: ['version'] },
  { collection: 'survey_campaigns', fields: ['stationId', 'startsAt'] },
  { collection: 'survey_campaigns', fields: ['status', 'endsAt'] },
  { collection: 'survey_campaigns', fields: ['year', 'countyId', 'startsAt'] },
  { collection: 'survey_campaigns', fields: ['templateId', 'status', 'countyId'] },
  { collection: 'survey_voters', fields: ['campaignId'] },
  { collection: 'survey_answers', fields: ['campaignId', 'hasComment'] },
  // ADR 0032: a campaign's comments held back by content security, counted apart.
  { collection: 'survey_answers', fields: ['campaignId', 'commentHeld'] },
  { collection: 'survey_tasks', fields: ['stationId', 'openedAt'] },
  { collection: 'survey_tasks', fields: ['countyId', 'status'] },
  // Content security (ADR 0019): the checks of one case, their record by case (the case page reads their verdict
  // events instead, ADR 0042; a case's rows are found by it when a check is looked into).
  { collection: 'content_checks', fields: ['caseId'] },
  // ADR 0032: a notice's verdicts, for its publisher; failed checks due for a retry, by the sweep.
  { collection: 'content_checks', fields: ['noticeId'], sparse: true },
  { collection: 'content_checks', fields: ['retryAt'], sparse: true },
  // ADR 0039: officers' words to the worker waiting for their check, by the sweep.
  { collection: 'case_events', fields: ['checkDueAt'], sparse: true },
  // Data protection (ADR 0020): finished cases past retention, not yet erased, oldest closure first; a case's
  // outbox rows (the reminders sent to its worker); a worker's reminders and exports for 我的数据; the runs.
  { collection: 'cases', fields: ['ownTab', 'erasedAt', 'ownSort'] },
  { collection: 'outbox', fields: ['caseId'] },
  { collection: 'outbox', fields: ['to', 'createdAt'] },
  { collection: 'jobs', fields: ['ownerKey', 'kind', 'createdAt'] },
  { collection: 'jobs', fields: ['kind', 'createdAt'] },
  { collection: 'audit_log', fields: ['what', 'at'] },
  { collection: 'reply_templates', fields: ['stationId', 'createdAt'] },
  { collection: 'activities', fields: ['stationId', 'month', 'date'] },
  { collection: 'ledger_facts', fields: ['stationId', 'month', 'privacy'] },
  // ADR 0051: the facts waiting for the roll-up pass, in `_id` order (only those carry the field).
  { collection: 'ledger_facts', fields: ['rollup'], sparse: true },
  { collection: 'ledger_rollups', fields: ['level', 'countyId', 'period', 'privacy'] },
  // 星级驿站, 重点监督对象, 和谐之星 (ADR 0022): a quarter's list by area and stars, a station's quarters, the list, its tasks, awards.
  { collection: 'station_ratings', fields: ['quarter', 'areaId', 'starsKey'] },
  { collection: 'station_ratings', fields: ['quarter', 'starsKey'] },
  { collection: 'station_ratings', fields: ['stationId', 'quarter'] },
  { collection: 'supervision', fields: ['areaId', 'status', 'updatedAt'] },
  { collection: 'supervision', fields: ['status', 'updatedAt'] },
  { collection: 'supervision_tasks', fields: ['stationId', 'dueOn'] },
  { collection: 'supervision_tasks', fields: ['officerId', 'status', 'dueOn'] },
  { collection: 'awards', fields: ['stationId', 'awardedOn'] },
  { collection: 'awards', fields: ['areaId', 'awardedOn'] },
  { collection: 'awards', fields: ['awardedOn'] },
  // 菏薪共治 (ADR 0023): a county's project figures, the city's; the blacklist's public list, search and expiry;
  // the provincial export by its (updatedAt, _id) cursor, for the city and for a county.
  { collection: 'project_arrears', fields: ['countyId', 'privacy', 'open'] },
  { collection: 'project_arrears', fields: ['privacy', 'open'] },
  { collection: 'projects', fields: ['name'] },
  { collection: 'blacklist', fields: ['status', 'decidedOn'] },
  { collection: 'blacklist', fields: ['status', 'listedUntil'] },
  { collection: 'blacklist', fields: ['uscc', 'status'] },
  { collection: 'blacklist', fields: ['nameKey', 'status'] },
  { collection: 'cases', fields: ['updatedAt'] },
  { collection: 'cases', fields: ['ownerCountyId', 'updatedAt'] },
  // 定期调度和通报 (ADR 0028): an area's reports by week; the internal notices of the stations above a head's.
  { collection: 'weekly_reports', fields: ['stationId', 'week'] },
  { collection: 'internal_notices', fields: ['stationId', 'at'] },
  { collection: 'alerts', fields: ['raisedAt', 'privacy'] },
]

/** Fields a query may filter or sort on, per collection (from INDEXES, plus `_id`). */
export const queryableFields = (collection: string, indexes: IndexSpec[] = INDEXES): Set<string> =>
  new Set(['_id', ...indexes.filter((i) => i.collection === collection).flatMap((i) => i.fields)])

/** The one rule of every collection: clients may neither read nor write; only functions do. */
export const CLIENT_RULE = { read: false, write: false } as const

/**
 * A collection as the CloudBase database plugin deploys it: its description, the closed rule and its
 * indexes (ascending). `npm run cloudbase:config` writes it to cloudbase/database/<name>.json and
 * cloudbaserc.json.
 */
export const cloudbaseCollection = (name: PhysicalName, indexes: IndexSpec[] = INDEXES) => {
  const host = COLLECTION_HOSTS.find((h) => h.host === name)
  return {
    collectionName: name,
    description: COLLECTION_DESCRIPTIONS[name],
    aclTag: 'CUSTOM' as const,
    aclRule: CLIENT_RULE,
    createIndexes: (host ? hostIndexes(host, indexes) : indexes.filter((i) => i.collection === name)).map((i) => ({
      name: `ix_${i.fields.join('_')}`,
      unique: false,
      keys: i.fields.map((f) => ({ name: f, direction: '1' })),
    })),
  }
}
