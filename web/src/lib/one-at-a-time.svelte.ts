/**
 * Runs a component's actions one at a time and keeps the message line they share: a double tap over slow
 * Wi-Fi must not skip two phases, or reopen and delete a session. An action resolves to an error message or
 * null; while one runs, the others are ignored.
 */
export class OneAtATime {
  busy = $state(false);
  error = $state<string | null>(null);

  async run(action: () => Promise<string | null>): Promise<string | null> {
    if (this.busy) return this.error;
    this.busy = true;
    try {
      this.error = await action();
    } finally {
      this.busy = false;
    }
    return this.error;
  }
}
