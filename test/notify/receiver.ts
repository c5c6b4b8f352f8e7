/** A local HTTP receiver for webhook tests: records requests and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running receiver; `answer` decides each response status (default 200). */
export interface Receiver {
  url: string;
  port: number;
  received: ReceivedRequest[];
  answer: (request: ReceivedRequest) => number | { status: number; headers?: Record<string, string> } | 'hang';
  close(): Promise<void>;
}

/** Starts a receiver on `port` (0: any free port). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: () => 200,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      receiver.received.push(received);
      const answer = receiver.answer(received);
      if (answer === 'hang') return;
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      response.writeHead(status, headers).end(status < 300 ? 'ok' : 'receiver says no');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no TCP address');
  receiver.port = address.port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/caseflow`;
  return receiver;
}
