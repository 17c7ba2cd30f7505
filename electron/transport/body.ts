/**
 * A request body with its UTF-8 bytes, encoded once. A large body is hashed (the result
 * cache), measured (the wire record's cap) and sent; encoding 200 kB of text costs about
 * 0.3 ms each time it is done, which is most of what a call spends outside the network.
 */
export class EncodedBody {
  readonly bytes: Buffer;

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }
}

export const encodeBody = (body: string | EncodedBody): EncodedBody =>
  typeof body === 'string' ? new EncodedBody(body) : body;
