/**
 * What goes into the package (DESIGN.md §5, Packaging): electron-builder.yml is
 * valid, and `electron-builder --dir --linux` — fed a stand-in Electron so that
 * nothing is downloaded — produces an app.asar with the built main, preload and
 * renderer, keytar's native module unpacked beside it, and no backend, devstack,
 * test or TypeScript source; flips the Electron fuses; points the updater at
 * the feed; and finds build/icon.png for the Linux packages.
 */
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Platform, build, type AfterPackContext, type Configuration } from 'electron-builder';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_DEFAULT_FUSES, filesUnder, makeStandInElectron, projectRoot, stageBuiltApp } from './staged-app';

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

const FUSE_ENABLED = 0x31;
const FUSE_DISABLED = 0x30;

/** The executable's fuses by FuseV1Options name, as 'on' / 'off' (or the raw byte if neither). */
async function readFuses(executable: string): Promise<Record<string, string>> {
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<string, number | string>;
  const fuses: Record<string, string> = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    const name = FuseV1Options[Number(index)] ?? `fuse ${index}`;
    fuses[name] = state === FUSE_ENABLED ? 'on' : state === FUSE_DISABLED ? 'off' : `0x${Number(state).toString(16)}`;
  }
  return fuses;
}

/** The keys a plist <dict> sets to <true/>. Enough for an entitlements file, which holds nothing else. */
function trueKeysOfPlist(xml: string): string[] {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  return [...withoutComments.matchAll(/<key>([^<]+)<\/key>\s*<true\s*\/>/g)].map((match) => match[1]!);
}

interface IconInfo {
  file: string;
  size: number;
}
type LinuxTargetHelperConstructor = new (packager: AfterPackContext['packager']) => { icons: Promise<IconInfo[]> };

/** The icons electron-builder gives the AppImage and deb targets (internal, but what those targets use). */
function linuxTargetIcons(packager: AfterPackContext['packager']): Promise<IconInfo[]> {
  const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
  const { LinuxTargetHelper } = fromBuilder('./out/targets/LinuxTargetHelper') as { LinuxTargetHelper: LinuxTargetHelperConstructor };
  return new LinuxTargetHelper(packager).icons;
}

/** A feed address for the test build only; nothing is fetched from it. */
const TEST_FEED_URL = 'https://updates.example.invalid/s3desk/';

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

  it('hardens the Electron binary with fuses', () => {
    const { electronFuses } = loadBuilderConfig() as { electronFuses: Record<string, boolean> };
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes electron-updater manifests for the generic feed named at build time', () => {
    const config = loadBuilderConfig() as { publish: unknown; detectUpdateChannel: boolean; artifactName: string };
    // The real URL comes from the release workflow (-c.publish.url); this one can never resolve.
    expect(config.publish).toEqual({ provider: 'generic', url: 'https://update-feed-not-configured.invalid/' });
    expect(config.detectUpdateChannel).toBe(false);
    // No spaces: GitHub would rename the asset and the manifest would name a file that is not there.
    expect(config.artifactName).not.toMatch(/\s|productName/);
  });

  it('signs macOS builds with the hardened runtime and only the JIT entitlement, and notarizes', () => {
    const { mac } = loadBuilderConfig() as { mac: Record<string, unknown> };
    expect(mac).toMatchObject({
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      notarize: true,
    });
    const entitlements = readFileSync(join(projectRoot, 'build', 'entitlements.mac.plist'), 'utf8');
    expect(trueKeysOfPlist(entitlements)).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('keeps signing identities and Windows signing options out of the file (they come from the environment)', () => {
    const config = loadBuilderConfig() as { mac: Record<string, unknown>; win: Record<string, unknown> };
    for (const key of ['cscLink', 'cscKeyPassword', 'identity']) expect(config.mac, key).not.toHaveProperty(key);
    for (const key of ['cscLink', 'cscKeyPassword', 'azureSignOptions', 'signtoolOptions']) expect(config.win, key).not.toHaveProperty(key);
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
  let fusesBeforePackaging: Record<string, string>;
  let linuxIcons: IconInfo[] = [];
  const feedUrlBefore = process.env.S3DESK_UPDATE_FEED_URL;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 's3desk-packaging-'));
    // As in the release workflow: the app build (electron-vite) reads the feed address from here.
    process.env.S3DESK_UPDATE_FEED_URL = TEST_FEED_URL;
    const staged = await stageBuiltApp(work);
    outDir = staged.outDir;
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    const electronDist = makeStandInElectron(join(work, 'electron-dist'), electronVersion);
    fusesBeforePackaging = await readFuses(join(electronDist, 'electron'));
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
        // What the release workflow's -c.publish.url="$S3DESK_UPDATE_FEED_URL" hands electron-builder.
        publish: { url: TEST_FEED_URL } as unknown as Configuration['publish'],
        // --dir makes no AppImage or deb (their tools cannot be downloaded here), so ask for the icons they would get.
        afterPack: async (context) => {
          linuxIcons = await linuxTargetIcons(context.packager);
        },
      },
    });

    const unpacked = readdirSync(output).filter((name) => /^linux(-.+)?-unpacked$/.test(name));
    expect(unpacked).toHaveLength(1);
    appOutDir = join(output, unpacked[0]!);
    asarPath = join(appOutDir, 'resources', 'app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((path) => path.replace(/\\/g, '/').replace(/^\//, ''));
  }, 180_000);

  afterAll(() => {
    if (feedUrlBefore === undefined) delete process.env.S3DESK_UPDATE_FEED_URL;
    else process.env.S3DESK_UPDATE_FEED_URL = feedUrlBefore;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("started from Electron's permissive default fuses, so the flip below is electron-builder's doing", () => {
    expect(fusesBeforePackaging).toEqual(
      Object.fromEntries(ELECTRON_DEFAULT_FUSES.map(([name, enabled]) => [name, enabled ? 'on' : 'off'])),
    );
    expect(fusesBeforePackaging).toMatchObject({
      RunAsNode: 'on',
      EnableNodeOptionsEnvironmentVariable: 'on',
      EnableNodeCliInspectArguments: 'on',
      EnableCookieEncryption: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'off',
      OnlyLoadAppFromAsar: 'off',
      GrantFileProtocolExtraPrivileges: 'on',
    });
  });

  it('has the fuses flipped in the packaged executable, read back with @electron/fuses', async () => {
    const fuses = await readFuses(join(appOutDir, 's3-desk'));
    expect(fuses).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      // Not configured, so left as Electron ships it.
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
    });
  });

  it('still runs the stand-in script after the flip (only the bytes after `exit` changed)', () => {
    let failure: { status: number | null; stderr: Buffer } | undefined;
    try {
      execFileSync(join(appOutDir, 's3-desk'), { stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number | null; stderr: Buffer };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.toString()).toContain('stand-in Electron');
  });

  it('tells electron-updater where the feed is (resources/app-update.yml), the file\'s provider kept', () => {
    const appUpdate = parseYaml(readFileSync(join(appOutDir, 'resources', 'app-update.yml'), 'utf8')) as Record<string, unknown>;
    expect(appUpdate).toMatchObject({ provider: 'generic', url: TEST_FEED_URL });
  });

  it("gives the Linux packages build/icon.png, not Electron's icon", () => {
    expect(linuxIcons.length).toBeGreaterThan(0);
    const largest = linuxIcons.at(-1)!;
    expect(largest.size).toBe(1024);
    const pngSize = (file: string) => {
      const png = readFileSync(file);
      return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    };
    expect(pngSize(largest.file)).toEqual({ width: 1024, height: 1024 });
    expect(readFileSync(largest.file).equals(readFileSync(join(projectRoot, 'build', 'icon.png')))).toBe(true);
  });

  it('puts the window icon beside app.asar, where main/app-paths.ts looks for it', () => {
    expect(readFileSync(join(appOutDir, 'resources', 'icon.png')).equals(readFileSync(join(projectRoot, 'build', 'icon.png')))).toBe(true);
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
    for (const name of ['keytar', 'zod', '@aws-sdk/client-s3', '@aws-sdk/client-cognito-identity', 'electron-updater']) {
      expect(entries, name).toContain(`node_modules/${name}/package.json`);
    }
  });
});
