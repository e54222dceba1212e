import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../../electron.vite.config';

/** Builds the renderer exactly as the app ships it (electron.vite.config.ts), into `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  const rendererConfig = electronViteConfig.renderer as InlineConfig;
  await build({ ...rendererConfig, configFile: false, logLevel: 'warn', build: { ...rendererConfig.build, outDir, emptyOutDir: true } });
}
