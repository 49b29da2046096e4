import type { FileBody } from './files'

/**
 * A station's code, the one a poster prints (scene = the station code, DOMAIN §7): in the cloud a WeChat
 * mini-program code (wxacode.getUnlimited) that opens the station home in the mini-program; locally a plain
 * QR code of the H5 station page. Making one may be slow and, in the cloud, is rate-limited, so the app
 * makes each code once and keeps it (app/station-codes.ts); the port only makes.
 */
export interface QrCodes {
  /**
   * Where a code made now for this scene leads, in words a record can keep and compare: the mini-program
   * build and page (`wxacode release pages/index/index`), or the H5 URL. A kept code whose target differs
   * (another build, another local address) is made again.
   */
  target(scene: string): string
  /** The code's image (PNG or JPEG, as sniffed) for this scene. Throws when it cannot be made now. */
  make(scene: string): Promise<FileBody>
}

/** The page a station code opens: the station home, which reads `scene` (D22). */
export const STATION_CODE_PAGE = 'pages/index/index'

/** WeChat's limit on a scene (getUnlimited): 32 visible characters. Station codes (HZ-CX-0042) fit. */
export const SCENE_MAX = 32
