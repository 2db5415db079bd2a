import type { Connection } from 'mongoose';

/** Options for a write or read that decides security (nonce use, refresh rotation, revocation). */
export interface SecurityWriteOptions {
  writeConcern?: { w: 'majority' };
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
const MAJORITY: Readonly<SecurityWriteOptions> = Object.freeze({
  writeConcern: Object.freeze({ w: 'majority' as const }),
  readPreference: 'primary' as const,
});
const STANDALONE: Readonly<SecurityWriteOptions> = Object.freeze({});

/**
 * The decision itself: majority writes and primary reads on anything replicated. A write
 * acknowledged by the primary alone can be rolled back after a failover, which would bring a
 * consumed nonce or a revoked refresh token back to life (DESIGN.md "Many instances"); a
 * secondary read could miss a revocation made a moment ago. A standalone server has neither
 * problem, and nothing to wait for.
 */
export function securityWriteFor(facts: TopologyFacts): Readonly<SecurityWriteOptions> {
  const replicated =
    (facts.type !== undefined && REPLICATED_TYPES.has(facts.type)) ||
    facts.memberOfReplicaSet === true ||
    (typeof facts.replicaSetOption === 'string' && facts.replicaSetOption !== '');
  return replicated ? MAJORITY : STANDALONE;
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
 * Options for the operations that decide security on this connection: `{ writeConcern: { w:
 * 'majority' }, readPreference: 'primary' }` on a replica set or sharded cluster, `{}` on a
 * standalone server (and the test server). Cheap enough to call per operation, which also
 * follows a deployment that changes under a long-running process.
 *
 * @example
 * await Nonce.findOneAndDelete({ value }, securityWrite(Nonce.db));
 */
export function securityWrite(connection: Connection): Readonly<SecurityWriteOptions> {
  return securityWriteFor(topologyFacts(connection));
}
