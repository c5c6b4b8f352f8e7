/** A minimal SMTP server for tests: enough of RFC 5321 for nodemailer to hand over a message. */
import { createServer, type Server, type Socket } from 'node:net';

/** One message the server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/** A running test SMTP server. `refuse` lists mailboxes answered with 550. */
export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  refuse: Set<string>;
  close(): Promise<void>;
}

function address(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? '';
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const sockets = new Set<Socket>();
  const state: TestSmtpServer = { port: 0, mails: [], refuse: new Set(), close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let envelope: ReceivedMail = { from: '', to: [], data: '' };
    let inData = false;
    const reply = (text: string) => socket.write(`${text}\r\n`);
    reply('220 test.local ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          envelope.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          state.mails.push(envelope);
          envelope = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 test.local');
        else if (verb === 'MAIL') {
          envelope.from = address(line);
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          const mailbox = address(line);
          if (state.refuse.has(mailbox)) reply('550 5.1.1 no such mailbox');
          else {
            envelope.to.push(mailbox);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('smtp server has no TCP address');
  state.port = bound.port;
  state.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}
