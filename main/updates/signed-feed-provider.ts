import type { CustomPublishOptions, UpdateInfo } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import { parseUpdateInfo, type ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import { MinisignError, parsePublicKey, verifyMinisign, type MinisignFailure, type MinisignPublicKey } from './minisign';
import { UpdateRefusedError, type RefusalReason } from './update-refusal';

/** What setFeedURL receives; electron-updater's 'custom' provider hands it to SignedFeedProvider's constructor. */
export interface SignedFeedOptions extends CustomPublishOptions {
  readonly provider: 'custom';
  readonly updateProvider: typeof SignedFeedProvider;
  /** The folder that holds latest*.yml, its .minisig and the installers (generic HTTPS server or an S3 bucket's address). */
  readonly url: string;
  /** The minisign public key (file text) that must have signed the manifest. */
  readonly releasePublicKey: string;
}

export function signedFeedOptions(url: string, releasePublicKey: string): SignedFeedOptions {
  return { provider: 'custom', updateProvider: SignedFeedProvider, url, releasePublicKey };
}

/** The signature sits beside the manifest it signs, as minisign names it. */
export const SIGNATURE_SUFFIX = '.minisig';

const MINISIGN_REFUSALS: Record<MinisignFailure, { reason: RefusalReason; detail: string }> = {
  malformed: { reason: 'malformed-signature', detail: 'The update’s signature could not be read.' },
  'other-key': { reason: 'other-key', detail: 'The update was not signed with the S3 Desk release key.' },
  'bad-signature': { reason: 'bad-signature', detail: 'The update’s signature does not match its description.' },
};

/**
 * electron-updater's generic provider, except that the channel manifest
 * (latest.yml, latest-mac.yml, latest-linux.yml) is followed only when a
 * minisign signature by the release key covers its exact text, and only when
 * it offers a version no older than the running one. This runs inside
 * checkForUpdates, before electron-updater looks at the manifest, so nothing
 * is downloaded for a manifest that was refused; the artifact is then bound
 * by the manifest's SHA-512, which electron-updater's download checks.
 */
export class SignedFeedProvider extends GenericProvider {
  private readonly releaseKey: MinisignPublicKey;
  private readonly feedBase: URL;

  /** electron-updater's providerFactory calls this with what was given to setFeedURL (see signedFeedOptions). */
  constructor(
    private readonly options: CustomPublishOptions,
    private readonly appUpdater: AppUpdater,
    runtimeOptions: ProviderRuntimeOptions,
  ) {
    const { url, releasePublicKey } = options;
    if (typeof url !== 'string' || typeof releasePublicKey !== 'string') throw new TypeError('SignedFeedProvider needs a url and a releasePublicKey.');
    super({ provider: 'generic', url, channel: typeof options.channel === 'string' ? options.channel : null }, appUpdater, runtimeOptions);
    this.releaseKey = parsePublicKey(releasePublicKey);
    this.feedBase = new URL(url);
    if (!this.feedBase.pathname.endsWith('/')) this.feedBase.pathname += '/';
  }

  /** S3 does not answer multi-range requests (electron-updater's own s3 provider turns them off too). */
  override get isUseMultipleRangeRequest(): boolean {
    return !this.feedBase.hostname.endsWith('.amazonaws.com') && super.isUseMultipleRangeRequest;
  }

  override async getLatestVersion(): Promise<UpdateInfo> {
    const channelFile = `${this.channelName()}.yml`;
    const cacheBuster = `noCache=${Date.now().toString(32)}`;
    const manifestUrl = this.urlOf(channelFile, cacheBuster);
    const manifest = await this.httpRequest(manifestUrl);
    if (!manifest) throw new UpdateRefusedError('invalid-manifest', 'The update feed sent an empty update description.');
    const signature = await this.fetchSignature(this.urlOf(channelFile + SIGNATURE_SUFFIX, cacheBuster));
    this.verify(manifest, signature);
    // Parsed only now, and from the very text that was verified.
    return this.refuseOlder(this.parse(manifest, channelFile, manifestUrl));
  }

  private channelName(): string {
    const chosen = this.appUpdater.channel ?? (typeof this.options.channel === 'string' ? this.options.channel : null);
    return chosen == null ? this.getDefaultChannelName() : this.getCustomChannelName(chosen);
  }

  /** Like electron-updater: a query on the feed's address (a signed URL's) is kept, otherwise a cache buster is added. */
  private urlOf(name: string, cacheBuster: string): URL {
    const url = new URL(name, this.feedBase);
    url.search = this.feedBase.search || cacheBuster;
    return url;
  }

  private async fetchSignature(url: URL): Promise<string> {
    try {
      const text = await this.httpRequest(url);
      if (text) return text;
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode !== 404) throw error;
    }
    throw new UpdateRefusedError('unsigned', 'The update feed offered an update without a signature.');
  }

  /**
   * The executor hands the body over as UTF-8 text; encoding it again gives
   * back the bytes that were sent for any valid UTF-8 file (YAML is UTF-8),
   * and anything else cannot match a signature made over the original.
   */
  private verify(manifest: string, signature: string): void {
    try {
      verifyMinisign(Buffer.from(manifest, 'utf8'), signature, this.releaseKey);
    } catch (error) {
      if (!(error instanceof MinisignError)) throw error;
      const refusal = MINISIGN_REFUSALS[error.reason];
      throw new UpdateRefusedError(refusal.reason, refusal.detail);
    }
  }

  private parse(manifest: string, channelFile: string, manifestUrl: URL): UpdateInfo {
    let info: unknown;
    try {
      info = parseUpdateInfo(manifest, channelFile, manifestUrl);
    } catch {
      info = null;
    }
    const version = (info as { version?: unknown } | null)?.version;
    if (typeof version !== 'string') throw new UpdateRefusedError('invalid-manifest', 'The signed update description could not be read.');
    return info as UpdateInfo;
  }

  /**
   * Never a downgrade, whatever the updater's own settings: an older release,
   * even one properly signed, may have the holes the current one fixed. The
   * same version passes through, and electron-updater reports "no update".
   */
  private refuseOlder(info: UpdateInfo): UpdateInfo {
    let comparison: number;
    try {
      comparison = this.appUpdater.currentVersion.compare(info.version);
    } catch {
      throw new UpdateRefusedError('invalid-manifest', 'The signed update description has no valid version number.');
    }
    if (comparison > 0) {
      throw new UpdateRefusedError('not-newer', `The update feed offered version ${info.version}, older than this one (${this.appUpdater.currentVersion.format()}).`);
    }
    return info;
  }
}
