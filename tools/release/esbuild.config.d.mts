import type { BuildOptions, Plugin } from 'esbuild';

export declare const NATIVE_RUNTIME_PACKAGES: readonly string[];
export declare const builtinsWithoutNamespace: Plugin;
export declare const workspaceOnlySourceMaps: Plugin;
export interface SourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}
export declare function trimSourceMap(map: SourceMap): SourceMap;
declare const options: BuildOptions & Required<Pick<BuildOptions, 'plugins' | 'external'>>;
export default options;
