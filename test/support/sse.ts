import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface SseStream {
  events: SseEvent[];
  close(): void;
}

/** Opens a server-sent event stream over real HTTP and collects its events (inject() cannot stream). */
export function openSse(url: string): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const request = http.get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`SSE answered ${response.statusCode ?? 'nothing'}`));
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) as unknown });
          end = buffer.indexOf('\n\n');
        }
      });
      resolve({
        events,
        close: () => {
          request.destroy();
        },
      });
    });
    request.on('error', (err) => {
      if (!request.destroyed) reject(err);
    });
  });
}
