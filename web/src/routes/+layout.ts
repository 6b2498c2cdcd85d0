// Every page lives on browser APIs (WebSocket, localStorage, the URL fragment); the server only hands
// out the shell, which also keeps the moderator token out of any server-side render.
export const ssr = false;
export const prerender = false;
