// Types for process-on-spawn (it ships none): the hook tap's process tracking uses to add
// itself to every process a test starts, and test/setup/child-processes.ts to take it out.
declare module 'process-on-spawn' {
  interface SpawnOptions {
    /** What the process will get; a listener may replace it. */
    env: Record<string, string | undefined>;
    readonly execPath: string;
    readonly args: readonly string[];
  }
  /** Called, in the order added, for every process this one starts, just before it starts. */
  export function addListener(listener: (options: SpawnOptions) => void): void;
}
