import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Bot API error the fake answers with instead of the next call's result. */
export interface FakeApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** One call telegraf made, with its decoded parameters (multipart files as `{ filename, size }`). */
export interface RecordedRequest {
  method: string;
  params: Record<string, unknown>;
}

/** One message the bot sent (sendMessage, sendPhoto or sendDocument). */
export interface SentMessage {
  method: string;
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  replyMarkup?: unknown;
  file?: { filename: string; size: number };
}

/** Options for a pushed message: who sends it and from what kind of chat. */
export interface PushOptions {
  firstName?: string;
  chatType?: 'private' | 'group' | 'supergroup' | 'channel';
  /** Extra message fields (e.g. `photo`, `sticker`, `location`) merged into the message. */
  fields?: Record<string, unknown>;
}

type Update = { update_id: number } & Record<string, unknown>;

interface Poll {
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const BOT_USER = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Daftarin Test',
  username: 'daftarin_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

/** A fake Telegram Bot API on 127.0.0.1 that telegraf can poll via `apiRoot`. */
export class FakeBotApi {
  readonly requests: RecordedRequest[] = [];
  readonly sent: SentMessage[] = [];
  private readonly queue: { update: Update; force: boolean }[] = [];
  private readonly delivered = new Map<number, Update>();
  private readonly polls = new Set<Poll>();
  private readonly failures = new Map<string, FakeApiError[]>();
  private readonly sentWaiters = new Set<() => void>();
  /** Files users sent, by file id (getFile and the download URL serve them). */
  private readonly uploads = new Map<string, Buffer>();
  private readonly requestWaiters = new Set<() => void>();
  /** `502`: every call is answered 502 Bad Gateway (a Telegram outage); see `outage()`. */
  private outageStatus: number | undefined;
  private port = 0;
  private nextUpdateId = 100;
  private nextMessageId = 1;
  private nextSentId = 10_000;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly apiRoot: string,
  ) {}

  /** Starts a fake server on a random port. */
  static async start(): Promise<FakeBotApi> {
    let api: FakeBotApi | undefined;
    const server = createServer((req, res) => {
      api?.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new FakeBotApi(server, `http://127.0.0.1:${port}`);
    api.port = port;
    return api;
  }

  /**
   * The network to Telegram is gone: the server stops listening (connections are refused) and open long polls
   * are cut. Updates pushed meanwhile wait, as they do at Telegram, until `comeUp()`.
   */
  async goDown(): Promise<void> {
    this.polls.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The network is back: listening again on the same port. */
  async comeUp(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  /** Telegram answers every call with `status` (502 Bad Gateway) until `recover()`; open long polls get it too. */
  outage(status = 502): void {
    this.outageStatus = status;
    for (const poll of this.polls) {
      clearTimeout(poll.timer);
      this.fail(poll.res, { error_code: status, description: 'Bad Gateway' });
    }
    this.polls.clear();
  }

  /** The outage is over: calls are answered normally again. */
  recover(): void {
    this.outageStatus = undefined;
  }

  /** getUpdates requests being held open right now. */
  get pendingPolls(): number {
    return this.polls.size;
  }

  /** Calls made to one method. */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  /** Queues a raw update; `update_id` is assigned when missing. Returns the update id. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): number {
    const full = {
      ...update,
      update_id: update.update_id ?? this.nextUpdateId++,
    } as Update;
    this.queue.push({ update: full, force: false });
    this.flushPolls();
    return full.update_id;
  }

  /** Queues a message from user `chatId` (a private chat unless `chatType` says otherwise). */
  pushMessage(chatId: number, opts: PushOptions = {}): Update {
    const chatType = opts.chatType ?? 'private';
    const from = {
      id: chatId,
      is_bot: false,
      first_name: opts.firstName ?? 'Siti',
      language_code: 'id',
    };
    const chat =
      chatType === 'private'
        ? { id: chatId, type: 'private', first_name: from.first_name }
        : {
            id: -Math.abs(chatId) - 1_000_000_000_000,
            type: chatType,
            title: 'Grup RT 05',
          };
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(chatType === 'channel' ? {} : { from }),
      ...opts.fields,
    };
    const update = {
      update_id: this.nextUpdateId++,
      [chatType === 'channel' ? 'channel_post' : 'message']: message,
    };
    this.pushUpdate(update);
    return update;
  }

  /** Queues a text message; a leading `/command` gets its `bot_command` entity like real Telegram. */
  pushText(chatId: number, text: string, opts: PushOptions = {}): Update {
    const command = /^\/\w+/.exec(text);
    const entities = command ? [{ offset: 0, length: command[0].length, type: 'bot_command' }] : undefined;
    return this.pushMessage(chatId, {
      ...opts,
      fields: { text, ...(entities ? { entities } : {}), ...opts.fields },
    });
  }

  /** Queues a document message (a spreadsheet) whose file the bot can fetch with getFile and the file URL. */
  pushDocument(chatId: number, doc: { name: string; mime?: string; content: Buffer }, opts: PushOptions = {}): Update {
    const fileId = `upload-${this.nextMessageId}-${this.uploads.size}`;
    this.uploads.set(fileId, doc.content);
    const document = {
      file_id: fileId,
      file_unique_id: `u${fileId}`,
      file_name: doc.name,
      mime_type: doc.mime,
      file_size: doc.content.length,
    };
    return this.pushMessage(chatId, { ...opts, fields: { document, ...opts.fields } });
  }

  /** The bytes of a file the bot sent (sendDocument/sendPhoto), as received. */
  static fileContent(sent: SentMessage): Buffer | undefined {
    return (sent.file as { content?: Buffer } | undefined)?.content;
  }

  /** Sends an already delivered update again, as Telegram does when a confirmation was lost. */
  redeliver(updateId: number): void {
    const update = this.delivered.get(updateId);
    if (!update) throw new Error(`update ${updateId} was never delivered`);
    this.queue.push({ update, force: true });
    this.flushPolls();
  }

  /** Makes the next call to `method` fail with `error` (queued: call it twice for two failures). */
  failNext(method: string, error: FakeApiError): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  /** Resolves with every message sent to `chatId` once there are at least `n`. */
  waitForMessages(chatId: number | string, n: number, timeoutMs = 5_000): Promise<SentMessage[]> {
    const id = String(chatId);
    const matching = () => this.sent.filter((m) => m.chatId === id);
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = matching();
        if (found.length < n) return false;
        clearTimeout(timer);
        this.sentWaiters.delete(waiter);
        resolve(found);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.sentWaiters.delete(waiter);
        reject(new Error(`expected ${n} message(s) to chat ${id} within ${timeoutMs} ms, got ${matching().length}`));
      }, timeoutMs);
      if (!check()) this.sentWaiters.add(waiter);
    });
  }

  /** Resolves once the server has received `n` calls to `method` (answered or failed): an event, not a sleep. */
  waitForCalls(method: string, n: number, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.calls(method).length < n) return false;
        clearTimeout(timer);
        this.requestWaiters.delete(waiter);
        resolve();
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.requestWaiters.delete(waiter);
        reject(new Error(`expected ${n} ${method} call(s) within ${timeoutMs} ms, got ${this.calls(method).length}`));
      }, timeoutMs);
      if (!check()) this.requestWaiters.add(waiter);
    });
  }

  /** Resolves once every queued update has been handed out and confirmed by a later getUpdates (checked per getUpdates call). */
  async waitUntilConsumed(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The waiter resumes after the call's synchronous handling, so the queue is already pruned by its offset.
    while (this.queue.length > 0)
      await this.waitForCalls('getUpdates', this.calls('getUpdates').length + 1, Math.max(0, deadline - Date.now())).catch(() => {
        throw new Error(`${this.queue.length} update(s) still queued`);
      });
  }

  /** Stops the server, answering held polls and dropping keep-alive connections. */
  async close(): Promise<void> {
    for (const poll of this.polls) {
      clearTimeout(poll.timer);
      this.reply(poll.res, []);
    }
    this.polls.clear();
    this.server.closeAllConnections();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const download = /^\/file\/bot[^/]+\/documents\/(.+)$/.exec(req.url ?? '');
    if (download?.[1] !== undefined) return this.serveFile(res, decodeURIComponent(download[1]));
    const match = /^\/bot[^/]+\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match?.[1]) {
      res.statusCode = 404;
      res.end(
        JSON.stringify({
          ok: false,
          error_code: 404,
          description: 'Not Found',
        }),
      );
      return;
    }
    const method = match[1];
    const params = parseParams(req.headers['content-type'] ?? '', body);
    this.requests.push({ method, params });
    for (const waiter of [...this.requestWaiters]) waiter();

    const failure =
      this.outageStatus === undefined ? this.failures.get(method)?.shift() : { error_code: this.outageStatus, description: 'Bad Gateway' };
    if (failure) {
      this.fail(res, failure);
      return;
    }

    switch (method) {
      case 'getMe':
        return this.reply(res, BOT_USER);
      case 'deleteWebhook':
      case 'setWebhook':
        return this.reply(res, true);
      case 'getUpdates':
        return this.getUpdates(res, params);
      case 'getFile': {
        const fileId = String(params.file_id);
        const content = this.uploads.get(fileId);
        if (!content) return this.fail(res, { error_code: 400, description: 'Bad Request: invalid file_id' });
        return this.reply(res, {
          file_id: fileId,
          file_unique_id: `u${fileId}`,
          file_size: content.length,
          file_path: `documents/${fileId}`,
        });
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return this.reply(res, this.recordSent(method, params));
      default:
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            ok: false,
            error_code: 404,
            description: `Not Found: method ${method} not faked`,
          }),
        );
    }
  }

  private getUpdates(res: ServerResponse, params: Record<string, unknown>): void {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const entry = this.queue[i];
        if (entry && !entry.force && entry.update.update_id < offset) this.queue.splice(i, 1);
      }
    }
    const limit = Number(params.limit ?? 100);
    const timeout = Number(params.timeout ?? 0);
    if (this.queue.length > 0 || timeout <= 0) {
      this.answerPoll(res, limit);
      return;
    }
    const poll: Poll = {
      res,
      timer: setTimeout(() => this.finishPoll(poll, limit), timeout * 1000),
    };
    this.polls.add(poll);
    // Why: telegraf aborts the held request on stop(); the fake must forget it, or it would look pending.
    res.on('close', () => {
      clearTimeout(poll.timer);
      this.polls.delete(poll);
    });
  }

  private finishPoll(poll: Poll, limit: number): void {
    if (!this.polls.delete(poll)) return;
    clearTimeout(poll.timer);
    this.answerPoll(poll.res, limit);
  }

  private flushPolls(): void {
    for (const poll of [...this.polls]) this.finishPoll(poll, 100);
  }

  private answerPoll(res: ServerResponse, limit: number): void {
    const batch = this.queue.slice(0, limit);
    for (const entry of batch) {
      this.delivered.set(entry.update.update_id, entry.update);
      // A forced redelivery goes out once; ordinary updates stay until a later offset confirms them.
      if (entry.force) this.queue.splice(this.queue.indexOf(entry), 1);
    }
    this.reply(
      res,
      batch.map((e) => e.update),
    );
  }

  private recordSent(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const chatId = String(params.chat_id);
    const messageId = this.nextSentId++;
    const replyMarkup = typeof params.reply_markup === 'string' ? JSON.parse(params.reply_markup) : params.reply_markup;
    const file = (params.photo ?? params.document) as SentMessage['file'] | undefined;
    const sent: SentMessage = {
      method,
      chatId,
      messageId,
      ...(typeof params.text === 'string' ? { text: params.text } : {}),
      ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
      ...(replyMarkup !== undefined ? { replyMarkup } : {}),
      ...(file && typeof file === 'object' ? { file } : {}),
    };
    this.sent.push(sent);
    for (const waiter of [...this.sentWaiters]) waiter();
    const chat = { id: Number(chatId), type: 'private', first_name: 'Siti' };
    const base = {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: BOT_USER,
    };
    if (method === 'sendPhoto')
      return {
        ...base,
        photo: [
          {
            file_id: `photo-${messageId}`,
            file_unique_id: `p${messageId}`,
            width: 320,
            height: 320,
          },
        ],
        ...(sent.caption ? { caption: sent.caption } : {}),
      };
    if (method === 'sendDocument')
      return {
        ...base,
        document: {
          file_id: `doc-${messageId}`,
          file_unique_id: `d${messageId}`,
          file_name: file?.filename,
        },
        ...(sent.caption ? { caption: sent.caption } : {}),
      };
    return { ...base, text: sent.text ?? '' };
  }

  private serveFile(res: ServerResponse, fileId: string): void {
    const content = this.uploads.get(fileId);
    res.statusCode = content ? 200 : 404;
    res.end(content ?? 'Not Found');
  }

  private fail(res: ServerResponse, failure: FakeApiError): void {
    if (res.writableEnded) return;
    res.statusCode = failure.error_code;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: false, ...failure }));
  }

  private reply(res: ServerResponse, result: unknown): void {
    if (res.writableEnded) return;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, result }));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseParams(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (contentType.startsWith('multipart/form-data') && boundary) return parseMultipart(body, boundary);
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** Just enough multipart parsing for telegraf's uploads: text fields as strings, files as name and size. */
function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part sits between the CRLF after one delimiter and the CRLF before the next.
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      // The bytes ride along unenumerated, so recorded parameters still compare as { filename, size }.
      const file = () =>
        Object.defineProperty({ filename, size: content.length }, 'content', { value: Buffer.from(content), enumerable: false });
      if (name) out[name] = filename !== undefined ? file() : content.toString('utf8');
    }
    start = next;
  }
  return out;
}
