/**
 * The one door to undici (see the conventions: only src/graph imports it). fb3cx uses a connection
 * pool (`Agent`) and `request` on it, always with an explicit dispatcher, never the global one.
 */
export { Agent, request } from 'undici';
export type { Dispatcher } from 'undici';
