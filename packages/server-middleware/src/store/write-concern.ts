import type { Connection } from 'mongoose';

/** Options for a write that decides security (nonce use, refresh rotation, revocation). */
export interface SecurityWriteOptions {
  writeConcern?: { w: 'majority' };
}

/** Options for a read that decides security (is this token or session revoked?). */
export interface SecurityReadOptions {
  readPreference?: 'primary';
}

/** What the driver knows about the deployment, as far as the decision needs it. */
export interface TopologyFacts {
  /** The driver's topology type: 'Single', 'ReplicaSetWithPrimary', 'ReplicaSetNoPrimary', 'Sharded', 'LoadBalanced', 'Unknown'. */
  type?: string;
  /** Whether any known server reports a replica-set name (true also for a direct connection to a member). */
  memberOfReplicaSet?: boolean;
  /** `replicaSet` from the connection string or options. */
  replicaSetOption?: string;
}

const REPLICATED_TYPES = new Set(['ReplicaSetWithPrimary', 'ReplicaSetNoPrimary', 'Sharded', 'LoadBalanced']);

/**
 * The decision itself: majority writes and primary reads on anything replicated. A write
 * acknowledged by the primary alone can be rolled back after a failover, which would bring a
 * consumed nonce or a revoked refresh token back to life (DESIGN.md "Many instances"); a
 * secondary read could miss a revocation made a moment ago. A standalone server has neither
 * problem, and nothing to wait for.
 */
export function isReplicated(facts: TopologyFacts): boolean {
  return (
    (facts.type !== undefined && REPLICATED_TYPES.has(facts.type)) ||
    facts.memberOfReplicaSet === true ||
    (typeof facts.replicaSetOption === 'string' && facts.replicaSetOption !== '')
  );
}

interface DriverTopologyView {
  options?: { replicaSet?: string };
  topology?: { description?: { type?: string; servers?: Map<string, { setName?: string | null }> } };
}

/** Reads the facts from a mongoose connection's driver client (empty before it connects). */
export function topologyFacts(connection: Connection): TopologyFacts {
  let client: DriverTopologyView | undefined;
  try {
    client = connection.getClient() as unknown as DriverTopologyView;
  } catch {
    return {};
  }
  const description = client?.topology?.description;
  const servers = description?.servers ? [...description.servers.values()] : [];
  return {
    type: description?.type,
    memberOfReplicaSet: servers.some((server) => typeof server.setName === 'string' && server.setName !== ''),
    replicaSetOption: client?.options?.replicaSet,
  };
}

/**
 * Options for a write that decides security on this connection: `{ writeConcern: { w: 'majority' } }`
 * on a replica set or sharded cluster, `{}` on a standalone server (and the test server). Cheap
 * enough to call per operation, which also follows a deployment that changes under a running process.
 *
 * @example
 * await Nonce.findOneAndDelete({ value }, securityWrite(Nonce.db));
 */
export function securityWrite(connection: Connection): SecurityWriteOptions {
  // A new object every call: mongoose writes into the options it is given (e.g. `select`).
  return isReplicated(topologyFacts(connection)) ? { writeConcern: { w: 'majority' } } : {};
}

/**
 * Options for a read that decides security: `{ readPreference: 'primary' }` where secondaries
 * exist (overriding an app-wide `secondaryPreferred`), `{}` on a standalone server.
 *
 * @example
 * const revoked = await Session.exists({ _id: sid, revokedAt: { $exists: true } }).setOptions(securityRead(Session.db));
 */
export function securityRead(connection: Connection): SecurityReadOptions {
  return isReplicated(topologyFacts(connection)) ? { readPreference: 'primary' } : {};
}
