import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ObjectRef } from '../../common/ipc';
import { printableS3Uri } from '../shared/unsafe-characters';
import { describeError, type Logger } from '../shared/logger';

/**
 * Marks a downloaded file as coming from the internet, so the system treats
 * it as a browser download: SmartScreen checks a hostile .exe, Office opens
 * a .docm in Protected View, Gatekeeper checks an app before it first runs.
 *
 * - Windows: the NTFS alternate data stream `<file>:Zone.Identifier` with
 *   ZoneId=3 (Internet) and the object's s3:// address as HostUrl.
 * - macOS: the `com.apple.quarantine` extended attribute, written by
 *   /usr/bin/xattr (Node has no xattr API), run without a shell.
 * - Linux and the rest: nothing; there is no such mark for desktops there.
 *
 * Marking never fails a download. Where it cannot be done (FAT and exFAT
 * have no alternate streams, some network shares keep no extended
 * attributes) the system could not keep the mark anyway, as with a browser
 * saving there; the failure is logged and the file still arrives and can be
 * shown, since holding back a file the user asked for protects nothing it
 * would not also lose on a copy to a USB stick.
 */
export interface MarkOfTheWeb {
  /** Marks `file` (an absolute path) as downloaded from `source`. Never throws. */
  mark(file: string, source: ObjectRef): Promise<void>;
}

/** The operating-system calls marking needs, so tests on any machine can see exactly what would be done. */
export interface MarkingCalls {
  writeFile(path: string, data: string): Promise<void>;
  /** Runs a program directly, no shell. */
  execFile(program: string, args: readonly string[]): Promise<void>;
}

export interface MarkOfTheWebOptions {
  logger: Logger;
  /** Whose rules apply; this computer's by default. */
  platform?: NodeJS.Platform;
  calls?: MarkingCalls;
  /** Wall-clock ms, for the quarantine time stamp. */
  now?: () => number;
  /** A fresh identifier for each quarantine event. */
  newId?: () => string;
}

/** The Internet zone: what Windows gives files from the web. */
const INTERNET_ZONE = 3;
/** kLSQuarantineTypeOtherDownload | "has a quarantine event", as browsers write it. */
const QUARANTINE_FLAGS = '0083';
const AGENT = 'S3 Desk';
const XATTR = '/usr/bin/xattr';
/** A stuck xattr must not hold a finished download back for long. */
const XATTR_TIMEOUT_MS = 10_000;

const run = promisify(execFile);

export const nodeMarkingCalls: MarkingCalls = {
  writeFile: (path, data) => writeFile(path, data, 'utf8'),
  execFile: async (program, args) => {
    await run(program, [...args], { timeout: XATTR_TIMEOUT_MS, windowsHide: true });
  },
};

/** The marker for this computer (or `platform`): Zone.Identifier, quarantine, or none. */
export function markOfTheWeb(options: MarkOfTheWebOptions): MarkOfTheWeb {
  const { logger } = options;
  const calls = options.calls ?? nodeMarkingCalls;
  const write = markerFor(options.platform ?? process.platform, calls, options.now ?? Date.now, options.newId ?? randomUUID);
  return {
    mark: async (file, source) => {
      if (!write) return;
      try {
        await write(file, source);
      } catch (error) {
        logger.warn(`A download could not be marked as coming from the internet; it is kept unmarked. ${describeError(error)}`);
      }
    },
  };
}

/** The Zone.Identifier stream's text; the address is printable, so a line break in a key cannot add a line ("ZoneId=0"). */
export function zoneIdentifier(source: ObjectRef): string {
  return `[ZoneTransfer]\r\nZoneId=${INTERNET_ZONE}\r\nHostUrl=${printableS3Uri(source)}\r\n`;
}

/** The com.apple.quarantine value: flags; seconds since 1970 in hex; the agent; the event's identifier. */
export function quarantineValue(nowMs: number, id: string): string {
  return `${QUARANTINE_FLAGS};${Math.floor(nowMs / 1000).toString(16)};${AGENT};${id.toUpperCase()}`;
}

type WriteMark = (file: string, source: ObjectRef) => Promise<void>;

function markerFor(platform: NodeJS.Platform, calls: MarkingCalls, now: () => number, newId: () => string): WriteMark | null {
  switch (platform) {
    case 'win32':
      return (file, source) => calls.writeFile(`${file}:Zone.Identifier`, zoneIdentifier(source));
    case 'darwin':
      // The path is absolute, so xattr cannot take it for an option.
      return (file) => calls.execFile(XATTR, ['-w', 'com.apple.quarantine', quarantineValue(now(), newId()), file]);
    default:
      return null;
  }
}
