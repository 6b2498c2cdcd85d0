// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    // interface Error {}
    // interface Locals {}
    // interface PageData {}
    interface PageState {
      /** The title of the session just deleted from the console, for the home page's notice. */
      deletedSession?: string;
    }
    // interface Platform {}
  }
}

export {};
