/** Who a server is among several sharing one database, as a store that supports that is told. */

/** This server's node id and how long its claims on shared work last. */
export interface NodeOptions {
  /** Node id (default: host name, process id and a random suffix). */
  id?: string;
  /** How long a claim lasts without a heartbeat, in ms (default 30 s; the heartbeat runs three times per lease). */
  leaseMs?: number;
}
