import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import {
  GatewayCloseCodes,
  type ApplicationFlags,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { guildCreatePayload, userPayload } from './guild-payloads.js';
import type { FakeState } from './state.js';

interface SentDispatch {
  s: number;
  t: string;
  d: unknown;
}

/** A gateway session: survives its socket, so a client can RESUME and get what it missed. */
interface Session {
  id: string;
  seq: number;
  socket: WebSocket | undefined;
  /** Recent dispatches, replayed after the sequence number a RESUME names. */
  log: SentDispatch[];
  ended: boolean;
}

/** Counters tests use to check the link was stable (one identify, heartbeats acknowledged). */
export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
}

const LOG_LIMIT = 1000;
// Closing with these ends a session for good; anything else (a crash is 1006) leaves it resumable.
const FINAL_CLOSE_CODES = new Set([1000, 1001]);

/** The gateway WebSocket: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATEs, RESUME, dispatches. */
export class FakeGateway {
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 };
  private readonly sessions = new Map<string, Session>();
  private server: WebSocketServer | undefined;

  constructor(
    private readonly state: FakeState,
    private readonly url: () => string,
  ) {}

  attach(http: Server, path: string): void {
    this.server = new WebSocketServer({ server: http, path });
    this.server.on('connection', (socket, request) => this.accept(socket, request.url ?? '/'));
  }

  /** Sessions that identified (READY and GUILD_CREATEs sent) and are connected now. */
  get connectedSessions(): number {
    return [...this.sessions.values()].filter((s) => !s.ended && s.socket?.readyState === WebSocket.OPEN).length;
  }

  /** Sends an event to every live session; a disconnected one gets it on RESUME. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) if (!session.ended) this.send(session, t, d);
  }

  /** Opcode 7: the client should reconnect and RESUME. */
  requestReconnect(): void {
    for (const socket of this.server?.clients ?? []) socket.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
  }

  /** Opcode 9; unless `resumable`, every session ends and the client must IDENTIFY again. */
  invalidateSessions(resumable = false): void {
    if (!resumable) for (const session of this.sessions.values()) session.ended = true;
    for (const socket of this.server?.clients ?? []) socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null }));
  }

  /** Cuts every connection without a close frame, like a network failure; sessions stay resumable. */
  dropConnections(): void {
    for (const socket of this.server?.clients ?? []) socket.terminate();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: WebSocket, url: string): void {
    this.stats.connections++;
    const query = new URL(url, 'ws://fake').searchParams;
    if (query.get('v') !== '10') return socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      return socket.close(GatewayCloseCodes.DecodeError, 'fake-discord speaks uncompressed JSON only');
    }
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.state.heartbeatIntervalMs }, s: null, t: null }));

    let session: Session | undefined;
    socket.on('message', (raw) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(String(raw)) as { op?: unknown; d?: unknown };
      } catch {
        return socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          this.stats.heartbeats++;
          socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
          return this.state.notify();
        case GatewayOpcodes.Identify:
        case GatewayOpcodes.Resume:
          if (session) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'You sent more than one identify payload.');
          session = payload.op === GatewayOpcodes.Identify ? this.identify(socket, payload.d as GatewayIdentifyData) : this.resume(socket, payload.d as GatewayResumeData);
          return;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
        case GatewayOpcodes.RequestGuildMembers:
          if (!session) socket.close(GatewayCloseCodes.NotAuthenticated, 'You sent a payload prior to identifying.');
          return;
        default:
          return socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      }
    });
    socket.on('close', (code) => {
      // A socket replaced by a RESUME elsewhere no longer speaks for its session.
      if (session?.socket === socket) {
        session.socket = undefined;
        session.ended = FINAL_CLOSE_CODES.has(code);
      }
      this.state.notify();
    });
  }

  private identify(socket: WebSocket, identify: GatewayIdentifyData): Session | undefined {
    if (identify.token !== this.state.token) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return undefined;
    }
    this.stats.identifies++;
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, socket, log: [], ended: false };
    this.sessions.set(session.id, session);
    const { state } = this;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: userPayload({ ...state.botUser, bot: true }),
      // Listed as unavailable; each becomes available with its GUILD_CREATE, and only then is the client ready.
      guilds: state.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard: identify.shard ?? [0, 1],
      application: { id: state.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.send(session, GatewayDispatchEvents.Ready, ready);
    // Without the Guilds intent Discord sends no GUILD_CREATE, and discord.js waits for them in vain.
    if (Number(identify.intents) & GatewayIntentBits.Guilds) {
      for (const guild of state.guilds) this.send(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(guild, state.botUser));
    }
    state.notify();
    return session;
  }

  private resume(socket: WebSocket, resume: GatewayResumeData): Session | undefined {
    if (resume.token !== this.state.token) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return undefined;
    }
    const session = this.sessions.get(resume.session_id);
    if (!session || session.ended) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return undefined;
    }
    this.stats.resumes++;
    session.socket?.terminate();
    session.socket = socket;
    for (const missed of session.log.filter((e) => e.s > resume.seq)) socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...missed }));
    this.send(session, GatewayDispatchEvents.Resumed, null);
    this.state.notify();
    return session;
  }

  private send(session: Session, t: string, d: unknown): void {
    const dispatch = { s: ++session.seq, t, d };
    session.log.push(dispatch);
    if (session.log.length > LOG_LIMIT) session.log.shift();
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...dispatch }));
  }
}
