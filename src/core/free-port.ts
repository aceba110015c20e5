// A port for a server or a debugger to listen on, chosen by the OS.
import net from 'node:net';

/** A free loopback port (the OS picks it; it is closed again at once, so another process could take it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
