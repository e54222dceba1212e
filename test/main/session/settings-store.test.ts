import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore } from '../../../main/session/settings-store';

describe('SettingsStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a missing file as empty settings', async () => {
    await expect(new SettingsStore(join(dir, 'nope', 'settings.json')).load()).resolves.toEqual({ lastBackendUrl: null, lastUsername: null, lastAccountId: null });
  });

  it('saves and loads, creating the folder, readable by the user only', async () => {
    const path = join(dir, 'userData', 'settings.json');
    const store = new SettingsStore(path);
    const settings = { lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann', lastAccountId: 'https://desk.example.com|ann' };
    await store.save(settings);
    await expect(store.load()).resolves.toEqual(settings);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(settings);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('tolerates corrupt or odd files', async () => {
    const path = join(dir, 'settings.json');
    const store = new SettingsStore(path);
    for (const [content, expected] of [
      ['{not json', { lastBackendUrl: null, lastUsername: null, lastAccountId: null }],
      ['[]', { lastBackendUrl: null, lastUsername: null, lastAccountId: null }],
      ['null', { lastBackendUrl: null, lastUsername: null, lastAccountId: null }],
      ['{"lastBackendUrl": 42, "lastUsername": "bob"}', { lastBackendUrl: null, lastUsername: 'bob', lastAccountId: null }],
      ['{"lastBackendUrl": "https://x.example"}', { lastBackendUrl: 'https://x.example', lastUsername: null, lastAccountId: null }],
    ] as const) {
      writeFileSync(path, content);
      await expect(store.load(), content).resolves.toEqual(expected);
    }
  });
});
