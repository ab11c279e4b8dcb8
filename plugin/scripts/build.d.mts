// Types of build.mjs, for the bundle test.
export declare const PLUGIN_UNIQUE_NAME: string;
export declare const OUTFILE: string;
export interface BuildResult {
  outfile: string;
  /** Bytes on disk. */
  raw: number;
  /** Bytes after gzip -9. */
  gzip: number;
  metafile: unknown;
}
export declare function buildPlugin(options?: { outfile?: string; minify?: boolean; serverlessUrl?: string }): Promise<BuildResult>;
