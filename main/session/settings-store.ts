import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What S3 Desk remembers outside the keychain: nothing secret, only what pre-fills the sign-in form. */
export interface Settings {
  lastBackendUrl: string | null;
  lastUsername: string | null;
  /** The saved account to sign in with silently at launch; null after signing out. */
  lastAccountId: string | null;
}

const EMPTY: Settings = { lastBackendUrl: null, lastUsername: null, lastAccountId: null };

const fileSchema = z.object({
  lastBackendUrl: z.string().max(2048).nullable().optional().catch(null),
  lastUsername: z.string().max(128).nullable().optional().catch(null),
  lastAccountId: z.string().max(2300).nullable().optional().catch(null),
});

/**
 * A small JSON file (main/index.ts puts it in app.getPath('userData')).
 * A missing, unreadable or corrupt file reads as empty settings: losing a
 * pre-filled field is better than refusing to start.
 */
export class SettingsStore {
  constructor(private readonly filePath: string) {}

  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch {
      return { ...EMPTY };
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return { ...EMPTY };
      return {
        lastBackendUrl: parsed.data.lastBackendUrl ?? null,
        lastUsername: parsed.data.lastUsername ?? null,
        lastAccountId: parsed.data.lastAccountId ?? null,
      };
    } catch {
      return { ...EMPTY };
    }
  }

  /** Writes a temporary file and renames it over the old one, so a crash never leaves half a file. */
  async save(settings: Settings): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    const { lastBackendUrl, lastUsername, lastAccountId } = settings;
    const body = `${JSON.stringify({ lastBackendUrl, lastUsername, lastAccountId }, null, 2)}\n`;
    await writeFile(temporary, body, { mode: 0o600 });
    await rename(temporary, this.filePath);
  }
}
