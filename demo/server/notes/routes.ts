import { InvalidRequestError } from '@socialkit/express';
import express, { type RequestHandler, type Router } from 'express';
import type { Model } from 'mongoose';
import { NOTE_MAX_LENGTH, type NoteRecord } from './model';

const LIST_LIMIT = 100;

/** A note as the API returns it. */
export interface NoteBody {
  id: string;
  text: string;
  createdAt: string;
}

function toBody(note: NoteRecord & { _id: unknown }): NoteBody {
  return { id: String(note._id), text: note.text, createdAt: note.createdAt.toISOString() };
}

/** Trimmed note text, or an `invalid_request` naming what is wrong. */
export function readNoteText(body: unknown): string {
  const text = (body as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') throw new InvalidRequestError('`text` must be a string.');
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new InvalidRequestError('A note needs some text.');
  if (trimmed.length > NOTE_MAX_LENGTH) {
    throw new InvalidRequestError(`A note holds at most ${NOTE_MAX_LENGTH} characters.`);
  }
  return trimmed;
}

/**
 * `GET /notes` and `POST /notes {text}` for the signed-in user; every query is scoped to
 * `req.auth.userId`, so one user never sees another's notes.
 *
 * @example
 * app.use('/api', notesRouter(noteModel(connection), [auth.requireAuth()]));
 */
export function notesRouter(Note: Model<NoteRecord>, guard: RequestHandler[]): Router {
  const router = express.Router();
  router.use('/notes', ...guard);

  router.get('/notes', async (req, res) => {
    const notes = await Note.find({ userId: req.auth?.userId })
      .sort({ createdAt: -1 })
      .limit(LIST_LIMIT)
      .lean<(NoteRecord & { _id: unknown })[]>();
    res.json({ notes: notes.map(toBody) });
  });

  router.post('/notes', async (req, res) => {
    const text = readNoteText(req.body);
    const note = await Note.create({ userId: req.auth?.userId, text });
    res.status(201).json({ note: toBody(note.toObject()) });
  });

  return router;
}
