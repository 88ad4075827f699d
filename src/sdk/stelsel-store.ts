/**
 * Where the app keeps the `uitgegeven_op` of the last scheme document it accepted, so an
 * older (replayed) document is refused even after a restart. Injectable: memory in tests,
 * a file for the CLI, the device's secure storage in an app.
 */
export interface StelselStore {
  lastAccepted(): Promise<string | undefined>;
  accept(uitgegevenOp: string): Promise<void>;
}

export function memoryStelselStore(initial?: string): StelselStore {
  let last = initial;
  return {
    lastAccepted: async () => last,
    accept: async (value) => {
      last = value;
    },
  };
}
