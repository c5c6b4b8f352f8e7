/** The default channel: one JSON line per message appended to a file. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeliveryChannel, OutboundMessage } from './channel.js';

/** Options of `logChannel`. */
export interface LogChannelOptions {
  /** File to append to (default `./data/outbox.log`); its folder is created when missing. */
  file?: string;
  name?: string;
}

/**
 * A channel that appends each message as a JSON line to a file. The file stays open between
 * messages (an open and a close per message cost more than the write); `send` resolves once its
 * line is written, and `close` ends the file. A failed write drops the handle, so the retry opens
 * the file again. Rotate the file by copying and truncating it, or restart after moving it.
 */
export function logChannel(options: LogChannelOptions = {}): DeliveryChannel {
  const file = options.file ?? './data/outbox.log';
  let folderReady: Promise<unknown> | undefined;
  let stream: WriteStream | undefined;

  const open = (): WriteStream => {
    const opened = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
    // Errors reach the write callbacks; this keeps them from being thrown as unhandled.
    opened.on('error', () => {
      if (stream === opened) stream = undefined;
    });
    return opened;
  };

  return {
    name: options.name ?? 'log',
    async send(message: OutboundMessage): Promise<void> {
      folderReady ??= mkdir(dirname(file), { recursive: true });
      await folderReady;
      const line = `${JSON.stringify({ ...message, deliveredAt: new Date().toISOString() })}\n`;
      stream ??= open();
      const target = stream;
      await new Promise<void>((resolve, reject) => {
        target.write(line, (error) => {
          if (!error) return resolve();
          if (stream === target) stream = undefined;
          target.destroy();
          reject(error);
        });
      });
    },
    async close(): Promise<void> {
      const target = stream;
      stream = undefined;
      if (target === undefined || target.destroyed) return;
      // 'close' comes after the last line is written and the file is closed, even after an error.
      await new Promise<void>((resolve) => {
        target.once('close', resolve);
        target.end();
      });
    },
  };
}
