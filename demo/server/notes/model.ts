import { type Connection, type Model, Schema } from 'mongoose';

export const NOTE_MAX_LENGTH = 500;

export interface NoteRecord {
  userId: string;
  text: string;
  createdAt: Date;
}

const noteSchema = new Schema<NoteRecord>(
  {
    userId: { type: String, required: true },
    text: { type: String, required: true, maxlength: NOTE_MAX_LENGTH },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
noteSchema.index({ userId: 1, createdAt: -1 });

/** The notes collection on the demo's connection (one model per connection, so servers stay apart). */
export function noteModel(connection: Connection): Model<NoteRecord> {
  return (connection.models.Note as Model<NoteRecord> | undefined) ?? connection.model('Note', noteSchema);
}
