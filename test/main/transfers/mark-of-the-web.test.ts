import { describe, expect, it } from 'vitest';
import { markOfTheWeb, quarantineValue, zoneIdentifier, type MarkingCalls } from '../../../main/transfers/mark-of-the-web';

/** Records the system calls a marker makes; `failWith` makes each of them fail as the system would. */
function recordingCalls(failWith?: NodeJS.ErrnoException) {
  const made: Array<{ call: 'writeFile'; path: string; data: string } | { call: 'execFile'; program: string; args: readonly string[] }> = [];
  const calls: MarkingCalls = {
    writeFile: async (path, data) => {
      made.push({ call: 'writeFile', path, data });
      if (failWith) throw failWith;
    },
    execFile: async (program, args) => {
      made.push({ call: 'execFile', program, args });
      if (failWith) throw failWith;
    },
  };
  return { calls, made };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger = { info: (line: string) => lines.push(`info ${line}`), warn: (line: string) => lines.push(`warn ${line}`), error: (line: string) => lines.push(`error ${line}`) };
  return { logger, lines };
}

const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });
const NOW = Date.parse('2026-03-04T05:06:07.890Z');
const source = { bucket: 'team-bucket', key: 'inbox/invoice.exe' };

describe('Mark-of-the-Web on Windows: the Zone.Identifier stream', () => {
  it('writes ZoneId=3 (Internet) with the s3:// address as HostUrl into <file>:Zone.Identifier', async () => {
    const { calls, made } = recordingCalls();
    await markOfTheWeb({ platform: 'win32', calls, logger: recordingLogger().logger }).mark('C:\\Users\\me\\Downloads\\.invoice.exe.s3desk-0a1b2c3d.part', source);
    expect(made).toEqual([
      {
        call: 'writeFile',
        path: 'C:\\Users\\me\\Downloads\\.invoice.exe.s3desk-0a1b2c3d.part:Zone.Identifier',
        data: '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=s3://team-bucket/inbox/invoice.exe\r\n',
      },
    ]);
  });

  it('percent-encodes line breaks and bidi controls in HostUrl, so a key cannot add a line such as "ZoneId=0"', () => {
    expect(zoneIdentifier({ bucket: 'b', key: 'x\r\nZoneId=0\r\n\u202eexe.pdf' })).toBe(
      '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=s3://b/x%0D%0AZoneId=0%0D%0A%E2%80%AEexe.pdf\r\n',
    );
  });
});

describe('Mark-of-the-Web on macOS: the com.apple.quarantine attribute', () => {
  it('runs /usr/bin/xattr -w com.apple.quarantine "0083;<hex seconds>;S3 Desk;<UUID>" <file>, without a shell', async () => {
    const { calls, made } = recordingCalls();
    const marker = markOfTheWeb({ platform: 'darwin', calls, logger: recordingLogger().logger, now: () => NOW, newId: () => '1b4e28ba-2fa1-11d2-883f-0016d3cca427' });
    await marker.mark('/Users/me/Downloads/.invoice.exe.s3desk-0a1b2c3d.part', source);
    expect(made).toEqual([
      {
        call: 'execFile',
        program: '/usr/bin/xattr',
        args: ['-w', 'com.apple.quarantine', '0083;69a7bdbf;S3 Desk;1B4E28BA-2FA1-11D2-883F-0016D3CCA427', '/Users/me/Downloads/.invoice.exe.s3desk-0a1b2c3d.part'],
      },
    ]);
    expect(quarantineValue(NOW, 'ab')).toBe(`0083;${Math.floor(NOW / 1000).toString(16)};S3 Desk;AB`);
  });

  it('gives each download its own quarantine event', async () => {
    const { calls, made } = recordingCalls();
    let ids = 0;
    const marker = markOfTheWeb({ platform: 'darwin', calls, logger: recordingLogger().logger, now: () => NOW, newId: () => `id-${++ids}` });
    await marker.mark('/d/a', source);
    await marker.mark('/d/b', source);
    expect(made.map((call) => (call.call === 'execFile' ? call.args[2] : null))).toEqual(['0083;69a7bdbf;S3 Desk;ID-1', '0083;69a7bdbf;S3 Desk;ID-2']);
  });
});

describe('Mark-of-the-Web elsewhere', () => {
  it.each<NodeJS.Platform>(['linux', 'freebsd'])('%s has no such mark: nothing is written or run', async (platform) => {
    const { calls, made } = recordingCalls();
    await markOfTheWeb({ platform, calls, logger: recordingLogger().logger }).mark('/home/me/Downloads/x.exe', source);
    expect(made).toEqual([]);
  });
});

describe('a mark that cannot be made', () => {
  it.each<[NodeJS.Platform, NodeJS.ErrnoException]>([
    ['win32', errno('ENOENT', 'no such file or directory (FAT has no alternate data streams)')],
    ['darwin', errno('ENOTSUP', 'xattr: [Errno 45] Operation not supported')],
  ])('on %s is logged, and the download goes on (the marker does not throw)', async (platform, failure) => {
    const { calls, made } = recordingCalls(failure);
    const { logger, lines } = recordingLogger();
    await expect(markOfTheWeb({ platform, calls, logger }).mark('/d/.x.part', source)).resolves.toBeUndefined();
    expect(made).toHaveLength(1);
    expect(lines).toEqual([`warn A download could not be marked as coming from the internet; it is kept unmarked. Error (${failure.code}): ${failure.message}`]);
  });
});
