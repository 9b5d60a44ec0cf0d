import type { FastifyInstance } from 'fastify';
import { hydratePins } from './hydratePins.js';
import type { PinLoaders } from './loaders/PinLoaders.js';
import type { PinView } from './model.js';
import { pinsOfBoard } from './pinStore.js';
import { parseFields } from './request/parseFields.js';
import { parseId } from './request/parseId.js';

/** The route templates, as they appear in metrics (`endpoint`, `route`). */
export const ROUTES = Object.freeze({ pin: '/v3/pins/:id', boardPins: '/v3/boards/:id/pins' });

interface PinRoute {
  Params: { id: string };
  Querystring: Record<string, unknown>;
}

/**
 * `GET /v3/pins/:id?fields=…` → `{ pin }` and `GET /v3/boards/:id/pins?fields=…` → `{ board, pins }`.
 * `fields` is comma-separated (`shopping`, `comments`, `board`, `images`); all of them when absent.
 */
export function registerPinRoutes(app: FastifyInstance, loaders: PinLoaders, fieldWorkMicros = 0): void {
  app.get<PinRoute>(ROUTES.pin, async (request): Promise<{ pin: PinView }> => {
    const id = parseId(request.params.id, 'pin');
    const fields = parseFields(request.query.fields);
    const [pin] = await hydratePins([id], fields, loaders, fieldWorkMicros);
    return { pin: pin as PinView };
  });
  app.get<PinRoute>(ROUTES.boardPins, async (request): Promise<{ board: { id: string }; pins: PinView[] }> => {
    const id = parseId(request.params.id, 'board');
    const fields = parseFields(request.query.fields);
    return { board: { id }, pins: await hydratePins(pinsOfBoard(id), fields, loaders, fieldWorkMicros) };
  });
}
