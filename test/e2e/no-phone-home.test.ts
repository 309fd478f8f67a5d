/**
 * The gateway must not reach out: @apollo/gateway's default telemetry exports usage to Apollo and
 * probes cloud metadata addresses (169.254.169.254). Every connection made while a gateway starts
 * and answers a query goes to this machine.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { serve, useFixture } from '../support/fixture';

// Before any gateway is made: telemetry is off unless the variable says otherwise.
delete process.env.APOLLO_TELEMETRY_DISABLED;
const fx = useFixture();

test('starting the gateway and answering a query connects only to loopback addresses', async () => {
  const destinations: string[] = [];
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first] = args;
    const opts = (
      typeof first === 'object' && first && !Array.isArray(first) ? first : {}
    ) as net.TcpNetConnectOpts;
    destinations.push(String(opts.host ?? (typeof args[1] === 'string' ? args[1] : 'localhost')));
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  try {
    const server = await serve(fx.db.ds, 'gateway');
    const res = await server.gql(`{ agencies { totalCount } refusedBreakdown { year } }`);
    assert.equal(res.errors, undefined);
    await new Promise((r) => setTimeout(r, 500));
    await server.close();
  } finally {
    net.Socket.prototype.connect = connect;
  }
  const foreign = destinations.filter((h) => !/^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(h));
  assert.deepEqual(foreign, []);
  assert.ok(destinations.length > 0, 'connections were observed');
});
