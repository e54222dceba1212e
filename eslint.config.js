import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The folder boundaries of docs/architecture.md, as lint rules so that they
 * hold by themselves (test/lint/boundaries.test.ts plants violations).
 */
const APP_FOLDERS = '(^|/)(main|preload|renderer)(/|$)';
const TOOLING_FOLDERS = '(^|/)(backend|devstack|scripts|test)(/|$)';

/** main/'s features in the order of the flow: each may use the ones before it and shared/, never one after it. */
const FLOW = ['session', 'aws', 'browse', 'sharing', 'transfers', 'operations', 'updates'];
/** main/'s top level: the composition root, window, IPC registration and the Electron adapters. */
const MAIN_TOP = '^\\.\\./(index|window|app-paths|create-services|desktop-integration|ipc/|security/)';

/**
 * One no-restricted-imports setting per file group: flat config replaces a
 * rule's options rather than merging them, so the groups must not overlap.
 */
const boundary = (files, patterns, ignores = []) => ({ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const forbid = (regex, message) => ({ regex, message });

const notTheRendererOrTooling = forbid(`(^|/)renderer(/|$)|${TOOLING_FOLDERS}`, 'main/ and preload/ must not import the renderer, the backend, the local stack, scripts or tests.');
const electronOnlyAtTheTop = forbid('^electron(/|$)', "Only main/'s top level (composition root and Electron adapters) may import electron; pass Electron objects in.");
const noTopLevel = forbid(MAIN_TOP, 'A feature folder of main/ must not reach up to the composition root, window, IPC registration or Electron adapters.');
const laterFeatures = (feature) => {
  const later = FLOW.slice(FLOW.indexOf(feature) + 1);
  return later.length ? [forbid(`^\\.\\./(${later.join('|')})/`, `main/${feature}/ comes before ${later.join(', ')} in the flow and must not import from there.`)] : [];
};
const FEATURE_FOLDERS = [...FLOW, 'shared'].map((folder) => `main/${folder}/**`);

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', '.stack/', '.bench/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  boundary(['common/**'], [
    forbid('^(?!zod$)[^.]', 'common/ imports only zod: it is shared by main, preload and the renderer.'),
    forbid(`${APP_FOLDERS}|${TOOLING_FOLDERS}`, 'common/ must not import from the processes that use it.'),
  ]),
  boundary(['main/**'], [notTheRendererOrTooling], FEATURE_FOLDERS),
  boundary(['main/shared/**'], [
    notTheRendererOrTooling,
    electronOnlyAtTheTop,
    noTopLevel,
    forbid(`^\\.\\./(${FLOW.join('|')})/`, 'main/shared/ holds building blocks for every feature and imports none of them.'),
  ]),
  ...FLOW.map((feature) => boundary([`main/${feature}/**`], [notTheRendererOrTooling, electronOnlyAtTheTop, noTopLevel, ...laterFeatures(feature)])),
  boundary(['preload/**'], [notTheRendererOrTooling, forbid('(^|/)main(/|$)', 'preload/ talks to main only through the IPC contract in common/.')]),
  boundary(['renderer/**'], [
    forbid('(^|/)(main|preload)(/|$)', 'The renderer talks to main only through window.api.'),
    forbid('^(node:|electron$|fs$|path$|os$|child_process$|crypto$|http$|https$|net$|url$)', 'The renderer is a sandboxed web page: no Node or Electron modules.'),
    forbid(TOOLING_FOLDERS, 'The renderer must not import the backend, the local stack, scripts or tests.'),
  ]),
  boundary(['backend/**', 'devstack/**'], [forbid('(^|/)(common|main|preload|renderer)(/|$)', 'The backend and the local stack stand apart from the app and import nothing of it.')]),
);
