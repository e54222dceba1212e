import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The boundary messages for `source` as if it were the file at `filePath` (nothing is written). */
async function boundaryProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('folder boundaries (eslint.config.js)', () => {
  const refused: Array<[string, string, string, RegExp]> = [
    ['main/ feature folders never import electron', 'main/session/planted.ts', "import { app } from 'electron';", /Only main\/'s top level/],
    ['…not even for types', 'main/browse/planted.ts', "import type { Session } from 'electron';", /Only main\/'s top level/],
    ['a feature does not reach up to the composition root', 'main/aws/planted.ts', "import { createServices } from '../create-services';", /must not reach up/],
    ['nor to IPC registration', 'main/transfers/planted.ts', "import { registerIpc } from '../ipc/register-ipc';", /must not reach up/],
    ['the flow goes one way: session before aws', 'main/session/planted.ts', "import { CredentialCache } from '../aws/credential-cache';", /comes before aws/],
    ['browse before sharing and transfers', 'main/browse/planted.ts', "import { Job } from '../transfers/job';", /comes before sharing, transfers/],
    ['sharing before transfers', 'main/sharing/planted.ts', "import { Job } from '../transfers/job';", /main\/sharing\/ comes before transfers/],
    ['transfers before operations: they host its jobs through an interface', 'main/transfers/planted.ts', "import { CopyJob } from '../operations/copy-job';", /comes before operations/],
    ['shared/ imports no feature', 'main/shared/planted.ts', "import { SessionService } from '../session/session-service';", /imports none of them/],
    ['main never imports the renderer', 'main/planted.ts', "import { App } from '../renderer/src/App';", /must not import the renderer/],
    ['main never imports the local stack', 'main/browse/planted.ts', "import { startStack } from '../../devstack/stack';", /must not import the renderer, the backend, the local stack/],
    ['preload talks to main only through common/', 'preload/planted.ts', "import { createServices } from '../main/create-services';", /only through the IPC contract/],
    ['the renderer never imports main/', 'renderer/src/planted.ts', "import { ServiceError } from '../../main/shared/errors';", /only through window.api/],
    ['the renderer never imports node:*', 'renderer/src/planted.ts', "import { readFileSync } from 'node:fs';", /sandboxed web page/],
    ['nor electron', 'renderer/src/planted.ts', "import { ipcRenderer } from 'electron';", /sandboxed web page/],
    ['common/ imports only zod', 'common/planted.ts', "import { S3Client } from '@aws-sdk/client-s3';", /imports only zod/],
    ['common/ does not import the processes that use it', 'common/ipc/planted.ts', "import { logger } from '../../main/shared/logger';", /must not import from the processes/],
    ['the backend stands apart from the app', 'backend/planted.ts', "import { BackendClient } from '../main/session/backend-client';", /stand apart from the app/],
    ['so does the local stack', 'devstack/planted.ts', "import type { DeskApi } from '../common/ipc';", /stand apart from the app/],
  ];

  it.each(refused)('%s', async (_rule, filePath, source, message) => {
    const problems = await boundaryProblems(filePath, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  const allowed: Array<[string, string, string]> = [
    ['the composition root imports electron', 'main/index.ts', "import { app } from 'electron';"],
    ['an Electron adapter at the top imports electron types', 'main/window.ts', "import type { BrowserWindow } from 'electron';"],
    ['aws builds on the session', 'main/aws/planted.ts', "import type { SessionService } from '../session/session-service';"],
    ['transfers build on browse and aws', 'main/transfers/planted.ts', "import { listRecursive } from '../browse/list-recursive';\nimport { mapS3Error } from '../aws/s3-errors';"],
    ['operations build on transfers', 'main/operations/planted.ts', "import { JobLifecycle } from '../transfers/job-lifecycle';\nimport { listRecursive } from '../browse/list-recursive';"],
    ['every feature uses shared/ and the contract', 'main/session/planted.ts', "import { ServiceError } from '../shared/errors';\nimport type { SessionState } from '../../common/ipc';"],
    ['common/ uses zod and itself', 'common/ipc/planted.ts', "import { z } from 'zod';\nimport { bucketNameSchema } from './browse';"],
    ['preload imports electron and the contract', 'preload/planted.ts', "import { ipcRenderer } from 'electron';\nimport { IPC_OPERATIONS } from '../common/ipc';"],
    ['the renderer uses the contract', 'renderer/src/planted.ts', "import type { DeskApi } from '../../common/ipc';"],
    ['the local stack runs the backend', 'devstack/planted.ts', "import { startBackend } from '../backend/server';"],
  ];

  it.each(allowed)('allows: %s', async (_rule, filePath, source) => {
    expect(await boundaryProblems(filePath, source)).toEqual([]);
  });

  it('`npm run lint` fails on a planted violation, naming the file', { timeout: 240_000 }, () => {
    const planted = join(root, 'main', 'browse', '__planted-boundary-violation__.ts');
    writeFileSync(planted, "import { app } from 'electron';\n\nexport const version = app.getVersion();\n");
    try {
      const lint = spawnSync('npm', ['run', '--silent', 'lint'], { cwd: root, encoding: 'utf8' });
      expect(lint.status).not.toBe(0);
      expect(lint.stdout).toContain('__planted-boundary-violation__.ts');
      expect(lint.stdout).toContain('no-restricted-imports');
    } finally {
      rmSync(planted, { force: true });
    }
  });
});
