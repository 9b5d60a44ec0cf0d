import { Agent, get } from 'node:http';
import { pagePath } from './requestPaths.js';

/**
 * How many pages (`pagePath`) per second `url` answers when `connections` clients each send the next
 * request as soon as the previous one is answered, for `ms` milliseconds: the API's capacity as this
 * process's own HTTP client sees it (the client the demo's open-loop generator uses, so a spike offered
 * as a multiple of it is that multiple of what this process can serve, client included).
 */
export async function closedLoopThroughput(url: string, ms: number, connections: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const startedAt = performance.now();
  let answered = 0;
  let sequence = 0;
  const client = async (): Promise<void> => {
    while (performance.now() - startedAt < ms) {
      await new Promise<void>((resolve) => {
        const request = get(`${url}${pagePath(sequence++)}`, { agent }, (response) => {
          response.resume();
          response.on('end', () => {
            answered++;
            resolve();
          });
          response.on('error', () => resolve());
        });
        request.on('error', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  return answered / seconds;
}
