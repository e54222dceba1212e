/**
 * What goes into the package (DESIGN.md §5, Packaging): electron-builder.yml is
 * valid, and `electron-builder --dir --linux` — fed a stand-in Electron so that
 * nothing is downloaded — produces an app.asar with the built main, preload and
 * renderer, keytar's native module unpacked beside it, and no backend, devstack,
 * test or TypeScript source.
 */
import { extractFile, listPackage, statFile } from '@electron/asar';
import { Platform, build } from 'electron-builder';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, makeStandInElectron, projectRoot, stageBuiltApp } from './staged-app';

const require = createRequire(import.meta.url);

interface SchemaError {
  instancePath: string;
  message?: string;
}
interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
interface AjvInstance {
  compile(schema: object): ValidateFunction;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

/**
 * The Ajv electron-builder itself validates with (app-builder-lib's own ajv 8).
 * A bare `import 'ajv'` from the project resolves to whatever npm hoisted —
 * today eslint's ajv 6 — so resolve it from app-builder-lib instead.
 */
function builderAjv(): AjvConstructor {
  const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
  const module = fromBuilder('ajv') as AjvConstructor & { default?: AjvConstructor };
  return module.default ?? module;
}

function builderSchemaValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const Ajv = builderAjv();
  // strict: false because the schema uses electron-builder's own `typeof` keyword (for function-valued hooks).
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

function loadBuilderConfig(): Record<string, unknown> {
  return parseYaml(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

const describeErrors = (errors: SchemaError[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');

describe('electron-builder.yml', () => {
  it('resolves ajv 8 from electron-builder', () => {
    const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
    const version = (fromBuilder('ajv/package.json') as { version: string }).version;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(8);
  });

  it("is valid against electron-builder's JSON schema (app-builder-lib/scheme.json)", () => {
    const validate = builderSchemaValidator();
    const config = loadBuilderConfig();
    const valid = validate(config);
    expect(describeErrors(validate.errors)).toBe('');
    expect(valid).toBe(true);
  });

  it('would be caught if it used an option electron-builder does not know', () => {
    const validate = builderSchemaValidator();
    expect(validate({ ...loadBuilderConfig(), notAnElectronBuilderOption: true })).toBe(false);
    expect(validate({ ...loadBuilderConfig(), linux: { category: 'Utility', maintainr: 'typo' } })).toBe(false);
  });

  it('names the app and its platforms as agreed', () => {
    const config = loadBuilderConfig() as {
      appId: string;
      productName: string;
      directories: { output: string };
      asarUnpack: string[];
      linux: { target: string[]; category: string; maintainer: string };
      mac: { target: string[]; category: string; hardenedRuntime: boolean };
      win: { target: string[] };
    };
    expect(config.appId).toBe('io.s3desk.app');
    expect(config.productName).toBe('S3 Desk');
    expect(config.directories.output).toBe('release');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Utility');
    expect(config.linux.maintainer).toBeTruthy();
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.asarUnpack.some((glob) => glob.includes('keytar'))).toBe(true);
  });

  it('is what package.json "main" points at: the built main bundle', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });
});

describe('the packaged app (electron-builder --dir --linux with a stand-in Electron)', () => {
  let work: string;
  let outDir: string;
  let appOutDir: string;
  let asarPath: string;
  /** Paths inside app.asar, relative, with forward slashes. */
  let entries: string[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 's3desk-packaging-'));
    const staged = await stageBuiltApp(work);
    outDir = staged.outDir;
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    const electronDist = makeStandInElectron(join(work, 'electron-dist'), electronVersion);
    const output = join(work, 'release');

    await build({
      projectDir: staged.projectDir,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      // Merged over electron-builder.yml (which the staged project carries unchanged).
      config: {
        electronDist,
        // keytar is already built here (and is N-API); rebuilding for Electron would need headers we cannot download.
        npmRebuild: false,
        directories: { output },
      },
    });

    const unpacked = readdirSync(output).filter((name) => /^linux(-.+)?-unpacked$/.test(name));
    expect(unpacked).toHaveLength(1);
    appOutDir = join(output, unpacked[0]!);
    asarPath = join(appOutDir, 'resources', 'app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((path) => path.replace(/\\/g, '/').replace(/^\//, ''));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is the stand-in Electron, renamed, with the app in resources/app.asar', () => {
    expect(existsSync(join(appOutDir, 's3-desk'))).toBe(true);
    expect(readFileSync(join(appOutDir, 's3-desk'), 'utf8')).toContain('stand-in Electron');
    expect(existsSync(asarPath)).toBe(true);
  });

  it('holds every file of the built main, preload and renderer', () => {
    const built = filesUnder(outDir).map((file) => `out/${file}`);
    expect(built).toContain('out/renderer/index.html');
    expect(built.some((file) => file.startsWith('out/main/'))).toBe(true);
    expect(built.some((file) => file.startsWith('out/preload/'))).toBe(true);
    for (const file of built.filter((f) => !f.endsWith('.map'))) expect(entries).toContain(file);
  });

  it('starts at package.json "main", which is in the archive', () => {
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string; name: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(entries).toContain(pkg.main);
  });

  it("unpacks keytar's native module next to the archive", () => {
    const native = entries.filter((path) => /^node_modules\/keytar\/.*\.node$/.test(path));
    expect(native.length).toBeGreaterThan(0);
    for (const path of native) {
      expect(existsSync(join(appOutDir, 'resources', 'app.asar.unpacked', path))).toBe(true);
      expect(statFile(asarPath, path)).toMatchObject({ unpacked: true });
    }
  });

  it('holds only the built app, package.json and production node_modules at the top', () => {
    const top = new Set(entries.map((path) => path.split('/')[0]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(new Set(entries.filter((path) => path.startsWith('out/')).map((path) => path.split('/')[1]))).toEqual(
      new Set(['main', 'preload', 'renderer']),
    );
  });

  it('holds no backend, devstack or test code, no TypeScript sources and no source maps', () => {
    const forbidden = entries.filter(
      (path) => /(^|\/)(backend|devstack|test)\//.test(path) || /\.(ts|tsx|mts|cts)$/.test(path) || path.endsWith('.map'),
    );
    expect(forbidden).toEqual([]);
  });

  it('leaves development-only packages out', () => {
    for (const name of ['electron', 'electron-builder', 'electron-vite', 'vitest', 'fastify', 'better-sqlite3', 'react', 'playwright-core', 'typescript']) {
      expect(entries, name).not.toContain(`node_modules/${name}`);
    }
    for (const name of ['keytar', 'zod', '@aws-sdk/client-s3', '@aws-sdk/client-cognito-identity']) {
      expect(entries, name).toContain(`node_modules/${name}/package.json`);
    }
  });
});
