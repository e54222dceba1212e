import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transferSettings } from '../../main/transfers/transfer-options';
import { findCliTools, GNU_TIME, listedEntries, peerArgs, peerEnvironment, runMeasured } from '../../scripts/bench/peers';
import { measureTools, rotation, type Tool } from '../../scripts/bench/rounds';
import { appConcurrentFiles, sampleOf } from '../../scripts/bench/small-files';

const scratch = mkdtempSync(join(tmpdir(), 's3desk-bench-peers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const target = { endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' } };

describe('bench peers: the AWS CLI and rclone, isolated and with their defaults', () => {
  it('the AWS CLI runs from the session credentials only, with empty config files of its own', () => {
    const env = peerEnvironment('aws-cli', target, scratch, { PATH: '/usr/bin', HOME: '/home/x', AWS_PROFILE: 'work', AWS_CA_BUNDLE: '/ca.pem', RCLONE_CONFIG: '/x' });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/x',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'SECRET',
      AWS_SESSION_TOKEN: 'TOKEN',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: join(scratch, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'aws-credentials'),
    });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_CA_BUNDLE).toBeUndefined();
    expect(env.RCLONE_CONFIG).toBeUndefined();
    expect(readFileSync(join(scratch, 'aws-credentials'), 'utf8')).toBe('');
    expect(readFileSync(join(scratch, 'aws-config'), 'utf8')).toBe('');
  });

  it('rclone gets an on-the-fly remote (provider Other, path style, ListObjectsV2) and an empty config', () => {
    const env = peerEnvironment('rclone', target, scratch, { PATH: '/usr/bin', RCLONE_TRANSFERS: '64', AWS_ACCESS_KEY_ID: 'mine' });
    expect(env).toMatchObject({
      RCLONE_CONFIG: join(scratch, 'rclone.conf'),
      RCLONE_CONFIG_DESK_TYPE: 's3',
      RCLONE_CONFIG_DESK_PROVIDER: 'Other',
      RCLONE_CONFIG_DESK_ENDPOINT: target.endpoint,
      RCLONE_CONFIG_DESK_ACCESS_KEY_ID: 'AKID',
      RCLONE_CONFIG_DESK_SESSION_TOKEN: 'TOKEN',
      RCLONE_CONFIG_DESK_FORCE_PATH_STYLE: 'true',
      RCLONE_CONFIG_DESK_LIST_VERSION: '2',
    });
    expect(env.RCLONE_TRANSFERS).toBeUndefined();
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
  });

  it('each action as the tools would be asked for it', () => {
    const e = target.endpoint;
    expect(peerArgs('aws-cli', { kind: 'list', bucket: 'b', prefix: 'p/' }, e)).toEqual(['s3', 'ls', 's3://b/p/', '--endpoint-url', e, '--no-cli-pager']);
    expect(peerArgs('aws-cli', { kind: 'download-file', bucket: 'b', key: 'k.bin', path: '/t/k.bin' }, e).slice(0, 4)).toEqual(['s3', 'cp', 's3://b/k.bin', '/t/k.bin']);
    expect(peerArgs('aws-cli', { kind: 'upload-folder', dir: '/t/d', bucket: 'b', prefix: 'p/d/' }, e).slice(0, 5)).toEqual(['s3', 'cp', '--recursive', '/t/d', 's3://b/p/d/']);
    expect(peerArgs('rclone', { kind: 'list', bucket: 'b', prefix: 'p/' }, e)).toEqual(['lsf', 'desk:b/p/', '--s3-no-check-bucket']);
    expect(peerArgs('rclone', { kind: 'download-file', bucket: 'b', key: 'k.bin', path: '/t/k.bin' }, e)).toEqual(['copyto', 'desk:b/k.bin', '/t/k.bin', '--s3-no-check-bucket']);
    expect(peerArgs('rclone', { kind: 'upload-file', path: '/t/k.bin', bucket: 'b', key: 'k.bin' }, e)).toEqual(['copyto', '/t/k.bin', 'desk:b/k.bin', '--s3-no-check-bucket']);
    expect(peerArgs('rclone', { kind: 'download-folder', bucket: 'b', prefix: 'p/d/', dir: '/t/d' }, e)).toEqual(['copy', 'desk:b/p/d/', '/t/d', '--s3-no-check-bucket']);
  });

  it('counts listed entries as the app does: folders too, not the folder’s own marker', () => {
    const aws = ['                           PRE sub/', '2026-01-02 03:04:05          0 ', '2026-01-02 03:04:05        123 a b.txt', ''].join('\n');
    expect(listedEntries('aws-cli', aws)).toBe(2);
    expect(listedEntries('rclone', 'sub/\na b.txt\n')).toBe(2);
  });

  it('a missing CLI is said plainly', () => {
    const tools = findCliTools({ 'aws-cli': join(scratch, 'no-aws'), rclone: join(scratch, 'no-rclone') });
    expect(tools['aws-cli']).toEqual({ missing: `${join(scratch, 'no-aws')} not found (Debian package awscli)` });
    expect('missing' in tools.rclone).toBe(true);
  });

  it.each([
    ['GNU time', existsSync(GNU_TIME) ? GNU_TIME : null],
    ['/proc sampling', null],
  ])('measures a process with %s: time, lines, peak RSS', async (_how, timeMeasure) => {
    const outcome = await runMeasured('/bin/sh', ['-c', 'printf "a\\nb\\nc"; sleep 0.1'], { env: { PATH: '/usr/bin:/bin' }, scratch, keepStdout: true, timeMeasure });
    expect(outcome.lines).toBe(3);
    expect(outcome.stdout).toBe('a\nb\nc');
    expect(outcome.seconds).toBeGreaterThan(0);
    expect(outcome.peakRssMib).toBeGreaterThanOrEqual(0);
    if (timeMeasure) expect(outcome.peakRssMib).toBeGreaterThan(0);
  });

  it('a failing process is an error with what it said', async () => {
    await expect(runMeasured('/bin/sh', ['-c', 'echo "no such bucket" >&2; exit 3'], { env: { PATH: '/usr/bin:/bin' }, scratch })).rejects.toThrow(/exited with 3: no such bucket/);
  });
});

describe('bench rounds: every tool once a round, the order rotated', () => {
  it('rotates by one each round', () => {
    expect(rotation(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotation(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotation(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotation([], 3)).toEqual([]);
  });

  it('a peer that fails is dropped and said why; the others are compared', async () => {
    const order: string[] = [];
    const times: Record<Tool, number> = { app: 2, 'raw-sdk': 3, 'aws-cli': 4, rclone: 1 };
    const { result } = await measureTools({
      name: 'upload-small-files',
      profile: 'wan',
      method: 'm',
      rounds: 2,
      tools: ['app', 'raw-sdk', 'aws-cli', 'rclone'],
      missing: {},
      log: () => {},
      run: async (tool, round) => {
        order.push(`${round}:${tool}`);
        if (tool === 'rclone') throw new Error('InvalidPart');
        return { seconds: times[tool], peakRssMib: 100, cpuSeconds: 1 };
      },
    });
    expect(order).toEqual(['0:app', '0:raw-sdk', '0:aws-cli', '0:rclone', '1:raw-sdk', '1:aws-cli', '1:app']);
    expect(result).toMatchObject({ name: 'upload-small-files', value: 2, peers: { 'aws-cli': 4, rclone: null, 'raw-sdk': 3 }, ratio: 2, pass: true });
    expect(result.details).toMatchObject({ missing: { rclone: 'failed in round 1: InvalidPart' }, peakRssMib: { app: 100 } });
    expect(result.rounds).toHaveLength(2);
  });

  it('the app failing ends the workload as not run', async () => {
    const { result } = await measureTools({
      name: 'list-100k',
      profile: 'loopback',
      method: 'm',
      rounds: 3,
      tools: ['app', 'raw-sdk'],
      missing: { 'aws-cli': 'not installed' },
      log: () => {},
      run: async (tool) => {
        if (tool === 'app') throw new Error('access denied');
        return { seconds: 1 };
      },
    });
    expect(result).toMatchObject({ value: null, pass: false, budget: 0.9 });
    expect(result.error).toMatch(/the app failed in round 1: access denied/);
  });
});

describe('bench small files', () => {
  it('the raw SDK moves as many files at once as the app', () => {
    const stub = { clients: { client: () => { throw new Error('x'); }, isActive: () => false, onSessionEnded: () => () => {} }, dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => null }, reveal: () => {} };
    expect(appConcurrentFiles()).toBe(transferSettings(stub).maxConcurrentFiles);
  });

  it('samples evenly, first and last included', () => {
    expect(sampleOf([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(sampleOf([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
  });
});
