import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { CallbackRefusal } from '../crypto.js';

/** Reads the whole request body as UTF-8, refusing it past `limit` bytes (413) or if unreadable (400). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.status === 413) throw new CallbackRefusal(413, 'too-large', e.message);
    throw new CallbackRefusal(400, 'unreadable-body', e.type ?? e.message);
  }
}
