/**
 * .github/workflows/release.yml is checked against GitHub's workflow schema
 * with @action-validator/cli (WASM from npm, runs offline), and a broken copy
 * is shown to fail, so the check cannot pass by never looking.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../packaging/staged-app';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const validatorCli = join(dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
const releaseWorkflow = join(projectRoot, '.github', 'workflows', 'release.yml');

const temp = mkdtempSync(join(tmpdir(), 's3desk-workflow-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [validatorCli, file], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

type Workflow = { jobs: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const loadWorkflow = () => parseYaml(readFileSync(releaseWorkflow, 'utf8')) as Workflow;

function writeVariant(name: string, change: (workflow: Workflow) => void): string {
  const workflow = loadWorkflow();
  change(workflow);
  const file = join(temp, name);
  writeFileSync(file, stringifyYaml(workflow));
  return file;
}

describe('the release workflow', () => {
  it('is valid according to action-validator', async () => {
    const result = await validate(releaseWorkflow);
    expect(result.output).not.toMatch(/error/i);
    expect(result.code).toBe(0);
  });

  it('still validates after a round trip through the YAML parser (so the broken copies below differ only by their fault)', async () => {
    expect((await validate(writeVariant('round-trip.yml', () => {}))).code).toBe(0);
  });

  it('fails validation when a job has no runs-on', async () => {
    const result = await validate(writeVariant('no-runs-on.yml', (workflow) => delete workflow.jobs.publish!['runs-on']));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('runs-on');
  });

  it('fails validation with a key GitHub does not know', async () => {
    const result = await validate(writeVariant('unknown-key.yml', (workflow) => (workflow.jobs.build!['run-on-tuesdays'] = true)));
    expect(result.code).not.toBe(0);
  });

  it('runs on version tags, builds all three platforms and publishes only after the build matrix', () => {
    const workflow = loadWorkflow() as Workflow & { on: { push: { tags: string[] } } };
    expect(workflow.on.push.tags).toEqual(['v*']);
    const matrix = (workflow.jobs.build!.strategy as { matrix: { include: { os: string }[] } }).matrix.include.map((entry) => entry.os);
    expect(matrix.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(workflow.jobs.publish!.needs).toBe('build');
    // Only the publish job may write to the repository (create the release).
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.publish!.permissions).toEqual({ contents: 'write' });
  });

  it('verifies the signatures against the committed key before the draft becomes public', () => {
    const steps = (loadWorkflow().jobs.publish!.steps as { name?: string; run?: string }[]).map((step) => `${step.name ?? ''}\n${step.run ?? ''}`);
    const at = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step));
    const sign = at(/sign-release\.sh release build\/release-key\.pub/);
    const draft = at(/gh release create .*--draft/);
    const publish = at(/gh release edit .*--draft=false/);
    expect(sign).toBeGreaterThanOrEqual(0);
    expect(draft).toBeGreaterThan(sign);
    expect(publish).toBeGreaterThan(draft);
  });
});
