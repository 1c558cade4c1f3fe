//! A gzip stream put together from pieces compressed once and small literal
//! parts that change with every response.
//!
//! DEFLATE allows this at flush boundaries: each piece is compressed on its
//! own and ended with a sync flush, which leaves the stream byte-aligned
//! without ending it; a literal part goes in as a "stored" (uncompressed)
//! block; an empty final stored block ends the stream. The gzip trailer's
//! CRC-32 of the whole text is combined from the pieces' CRCs (computed once)
//! and the literal parts' (a few bytes each), so serving costs no compression
//! at all. Brotli streams cannot be spliced like this, which is why cache
//! hits are offered in gzip.

use axum::body::Bytes;
use crc32fast::Hasher;
use flate2::Compression;
use flate2::write::DeflateEncoder;
use std::io::Write;

/// gzip member header: deflate, no name, no time, unknown OS.
pub const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A text compressed once, to be spliced between other parts.
#[derive(Clone, Debug)]
pub struct Deflated {
    /// Raw DEFLATE blocks ending on a sync-flush boundary (not final).
    pub blocks: Bytes,
    crc: u32,
    len: u64,
}

impl Deflated {
    pub fn new(text: &[u8]) -> Deflated {
        let mut encoder =
            DeflateEncoder::new(Vec::with_capacity(text.len() / 3), Compression::best());
        // Writing to a Vec cannot fail; `flush` is DEFLATE's sync flush.
        let _ = encoder.write_all(text);
        let _ = encoder.flush();
        let blocks = Bytes::from(std::mem::take(encoder.get_mut()));
        Deflated {
            blocks,
            crc: crc32fast::hash(text),
            len: text.len() as u64,
        }
    }
}

/// A gzip stream being assembled part by part.
#[derive(Debug)]
pub struct Splicer {
    crc: Hasher,
    /// Length of the text so far.
    len: u64,
}

impl Default for Splicer {
    fn default() -> Self {
        Splicer::new()
    }
}

impl Splicer {
    pub fn new() -> Splicer {
        Splicer {
            crc: Hasher::new(),
            len: 0,
        }
    }

    /// Accounts for a precompressed piece; its `blocks` go into the stream.
    pub fn piece(&mut self, piece: &Deflated) {
        self.crc
            .combine(&Hasher::new_with_initial_len(piece.crc, piece.len));
        self.len += piece.len;
    }

    /// The stored block(s) carrying `text` as it is.
    pub fn literal(&mut self, text: &[u8]) -> Vec<u8> {
        self.crc.update(text);
        self.len += text.len() as u64;
        let mut out = Vec::with_capacity(text.len() + 5);
        for chunk in text.chunks(usize::from(u16::MAX)) {
            let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            out.push(0); // not final, stored
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        out
    }

    /// The empty final block and the gzip trailer (CRC-32, length mod 2³²).
    pub fn finish(self) -> [u8; 13] {
        // ISIZE is the length modulo 2^32 by definition
        let len = (self.len & u64::from(u32::MAX)) as u32;
        let crc = self.crc.finalize();
        let mut out = [0u8; 13];
        out[..5].copy_from_slice(&[1, 0, 0, 0xff, 0xff]);
        out[5..9].copy_from_slice(&crc.to_le_bytes());
        out[9..].copy_from_slice(&len.to_le_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn spliced_pieces_and_literals_are_one_valid_gzip_stream() {
        let first = "<html><p>Bài học: ".repeat(50);
        let second = " lượt xem</p><script nonce=\"".repeat(40);
        let (a, b) = (
            Deflated::new(first.as_bytes()),
            Deflated::new(second.as_bytes()),
        );
        let mut splicer = Splicer::new();
        let mut stream = HEADER.to_vec();
        splicer.piece(&a);
        stream.extend_from_slice(&a.blocks);
        stream.extend(splicer.literal("1.302.114".as_bytes()));
        splicer.piece(&b);
        stream.extend_from_slice(&b.blocks);
        stream.extend(splicer.literal(b"abc"));
        stream.extend(splicer.finish());
        let mut text = String::new();
        flate2::read::GzDecoder::new(&stream[..])
            .read_to_string(&mut text)
            .expect("valid gzip");
        assert_eq!(text, format!("{first}1.302.114{second}abc"));
        assert!(
            stream.len() < text.len() / 4,
            "compressed: {} of {}",
            stream.len(),
            text.len()
        );
    }
}
