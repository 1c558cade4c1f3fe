//! Images that editors upload for lessons and articles.
//!
//! An upload is judged by its content alone: the file name and the type the
//! browser sends are never trusted. Only PNG, JPEG and WebP are taken, found
//! by their magic bytes and then parsed as containers (img-parts); anything
//! else, or a file that starts like an image but does not parse, is refused.
//!
//! What is stored is not the upload but the same image with its metadata
//! removed: EXIF (where a phone writes the GPS position and the camera), XMP,
//! IPTC, comments, text chunks, embedded thumbnails and anything after the end
//! of the image. Only what a decoder needs to draw the pixels with the right
//! colours is kept. Width and height are then read from the stored bytes
//! (imagesize) and capped, since the pages are read on cheap phones.
//!
//! Pixels are never decoded or re-encoded here: the image the editor chose is
//! served byte for byte as far as its picture goes.

use std::borrow::Cow;
use std::fmt;

use blake2::Blake2b;
use blake2::Digest;
use blake2::digest::consts::U16;
use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{
    CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X, WebP,
};

/// The largest upload taken, in bytes (5 MB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The largest width or height taken, in pixels.
pub const MAX_SIDE: u32 = 8000;

/// The most pixels taken in one picture (40 million): a 6,000 × 4,000 phone
/// photo passes, an 8,000 × 8,000 one (about 256 MB once a phone decodes
/// it, however few bytes its file has) does not.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The most frames an animated image (APNG or animated WebP) may have.
pub const MAX_FRAMES: u64 = 100;

/// The most pixels of all frames of an animation together (frames × width
/// × height, 100 million): what a browser may decode to play it.
pub const MAX_ANIMATION_PIXELS: u64 = 100_000_000;

/// An upload that is a supported image, ready to be stored and served.
#[derive(Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The media type to serve it with: `image/png`, `image/jpeg` or `image/webp`.
    pub mime: &'static str,
    /// The file extension for its address: `png`, `jpg` or `webp`.
    pub ext: &'static str,
    /// Width in pixels, between 1 and [`MAX_SIDE`].
    pub width: u32,
    /// Height in pixels, between 1 and [`MAX_SIDE`].
    pub height: u32,
    /// The image to store, without its metadata.
    pub bytes: Vec<u8>,
    /// 32 lowercase hex digits of BLAKE2b-128 over `bytes`: the same picture
    /// uploaded twice gets the same hash, whatever its metadata was.
    pub hash: String,
}

// Printing megabytes of image data helps nobody reading a log or a failed test.
impl fmt::Debug for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Accepted")
            .field("mime", &self.mime)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("bytes", &self.bytes.len())
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
}

/// Why an upload was refused. The messages are shown to editors as they are.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    /// The upload has no bytes.
    #[error("Tệp ảnh trống.")]
    Empty,
    /// The upload is bigger than [`MAX_BYTES`].
    #[error("Ảnh quá lớn: tối đa {max_mb} MB.")]
    TooLarge {
        /// The limit in megabytes.
        max_mb: usize,
    },
    /// The content is not a PNG, JPEG or WebP image, whatever the file is called.
    #[error("Chỉ nhận ảnh PNG, JPEG hoặc WebP (nội dung tệp này không phải một trong ba loại đó).")]
    NotAnImage,
    /// The content starts like a supported image but its structure is broken.
    #[error("Tệp ảnh bị hỏng, không đọc được.")]
    Damaged,
    /// The width or the height is over [`MAX_SIDE`].
    #[error("Ảnh quá lớn: mỗi chiều tối đa {max} điểm ảnh.")]
    TooManyPixels {
        /// The limit in pixels.
        max: u32,
    },
    /// Width × height is over [`MAX_PIXELS`].
    #[error("Ảnh quá lớn: tối đa {max_mpx} triệu điểm ảnh (ví dụ 6000 × 4000).")]
    TooManyPixelsInAll {
        /// The limit in millions of pixels.
        max_mpx: u64,
    },
    /// An animation with more than [`MAX_FRAMES`] frames, or more than
    /// [`MAX_ANIMATION_PIXELS`] in all its frames.
    #[error(
        "Ảnh động quá dài: tối đa {max_frames} khung hình và {max_mpx} triệu điểm ảnh cho mọi khung hình cộng lại."
    )]
    TooManyFrames {
        /// The limit in frames.
        max_frames: u64,
        /// The limit of all frames' pixels, in millions.
        max_mpx: u64,
    },
}

/// Checks an upload and returns the image to store, without its metadata.
///
/// The type comes from the content (magic bytes) only. The size limit is
/// checked before anything is parsed.
pub fn accept(upload: &[u8]) -> Result<Accepted, ImageError> {
    if upload.len() > MAX_BYTES {
        return Err(ImageError::TooLarge {
            max_mb: MAX_BYTES / (1024 * 1024),
        });
    }
    if upload.is_empty() {
        return Err(ImageError::Empty);
    }
    let format = Format::sniff(upload).ok_or(ImageError::NotAnImage)?;
    let input = Bytes::copy_from_slice(upload);
    let bytes = match format {
        Format::Png => strip_png(input)?,
        Format::Jpeg => strip_jpeg(input)?,
        Format::WebP => strip_webp(input)?,
    };

    let size = imagesize::blob_size(&bytes).map_err(|_| ImageError::Damaged)?;
    let width = checked_side(size.width)?;
    let height = checked_side(size.height)?;
    let area = u64::from(width) * u64::from(height);
    if area > MAX_PIXELS {
        return Err(ImageError::TooManyPixelsInAll {
            max_mpx: MAX_PIXELS / 1_000_000,
        });
    }
    let frames = match format {
        Format::Png => png_frames(&bytes)?,
        Format::Jpeg => 1,
        Format::WebP => webp_frames(&bytes)?,
    };
    if frames > MAX_FRAMES || frames.saturating_mul(area) > MAX_ANIMATION_PIXELS {
        return Err(ImageError::TooManyFrames {
            max_frames: MAX_FRAMES,
            max_mpx: MAX_ANIMATION_PIXELS / 1_000_000,
        });
    }

    let hash = Blake2b::<U16>::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Accepted {
        mime: format.mime(),
        ext: format.ext(),
        width,
        height,
        bytes,
        hash,
    })
}

fn checked_side(pixels: usize) -> Result<u32, ImageError> {
    match u32::try_from(pixels) {
        // an image without pixels is a broken header, not a big image
        Ok(0) => Err(ImageError::Damaged),
        Ok(side) if side <= MAX_SIDE => Ok(side),
        _ => Err(ImageError::TooManyPixels { max: MAX_SIDE }),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    WebP,
}

impl Format {
    fn sniff(upload: &[u8]) -> Option<Format> {
        if upload.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if upload.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if upload.len() >= 12 && &upload[..4] == b"RIFF" && &upload[8..12] == b"WEBP" {
            Some(Format::WebP)
        } else {
            None
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::WebP => "image/webp",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::WebP => "webp",
        }
    }
}

// ---------------------------------------------------------------------------
// PNG

/// The chunks kept: the critical ones, colour (including HDR), transparency,
/// background, pixel size and animation (APNG). Everything else goes, among
/// them eXIf, tEXt, zTXt, iTXt, tIME and private chunks, which decoders skip
/// anyway and which can carry anything.
const PNG_KEPT: [[u8; 4]; 20] = [
    *b"IHDR", *b"PLTE", *b"IDAT", *b"IEND", *b"tRNS", *b"cHRM", *b"gAMA", *b"iCCP", *b"sBIT",
    *b"sRGB", *b"cICP", *b"mDCV", *b"cLLI", *b"bKGD", *b"hIST", *b"pHYs", *b"sPLT", *b"acTL",
    *b"fcTL", *b"fdAT",
];

fn strip_png(input: Bytes) -> Result<Vec<u8>, ImageError> {
    let mut png = Png::from_bytes(input).map_err(|_| ImageError::Damaged)?;
    let chunks = png.chunks();
    let complete = chunks.first().map(PngChunk::kind) == Some(*b"IHDR")
        && chunks.last().map(PngChunk::kind) == Some(*b"IEND")
        && chunks.iter().any(|chunk| chunk.kind() == *b"IDAT");
    // a critical chunk no decoder knows means no decoder can draw the image
    let unknown_critical = chunks.iter().any(|chunk| {
        let kind = chunk.kind();
        kind[0].is_ascii_uppercase() && !PNG_KEPT.contains(&kind)
    });
    if !complete || unknown_critical {
        return Err(ImageError::Damaged);
    }
    png.chunks_mut()
        .retain(|chunk| PNG_KEPT.contains(&chunk.kind()));
    // the encoder writes nothing past IEND, so data appended after it goes too
    Ok(Vec::from(png.encoder().bytes()))
}

/// The frames of a PNG: 1, or for an APNG the larger of the count its
/// `acTL` chunk declares and the frame controls (`fcTL`) it has.
fn png_frames(bytes: &[u8]) -> Result<u64, ImageError> {
    let png = Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| ImageError::Damaged)?;
    let mut declared = 0u64;
    let mut controls = 0u64;
    for chunk in png.chunks() {
        match &chunk.kind() {
            b"acTL" => {
                let data = chunk.contents();
                let count = data.get(..4).ok_or(ImageError::Damaged)?;
                declared = u64::from(u32::from_be_bytes([count[0], count[1], count[2], count[3]]));
            }
            b"fcTL" => controls += 1,
            _ => {}
        }
    }
    Ok(declared.max(controls).max(1))
}

// ---------------------------------------------------------------------------
// JPEG

/// The JFIF header without its thumbnail: "JFIF\0", version, units, density.
const JFIF_HEADER_LEN: usize = 14;

/// What becomes of a marker segment.
enum Verdict<'a> {
    Drop,
    Keep(Cow<'a, [u8]>),
}

/// Keeps the segments that decoding needs (tables, frame and scan headers,
/// restart interval), JFIF without its thumbnail, the ICC profile (APP2) and
/// the Adobe segment (APP14, which says how the colours were transformed).
/// Drops EXIF and XMP (APP1), the multi-picture index and FlashPix (other
/// APP2), IPTC/Photoshop (APP13), every other APPn and comments (COM).
fn jpeg_verdict(marker: u8, contents: &[u8]) -> Verdict<'_> {
    match marker {
        markers::APP0 => match contents.get(..JFIF_HEADER_LEN) {
            Some(header) if header.starts_with(b"JFIF\0") => {
                let mut header = header.to_vec();
                // no thumbnail: it may show what the editor cropped away
                header[12] = 0;
                header[13] = 0;
                Verdict::Keep(Cow::Owned(header))
            }
            _ => Verdict::Drop,
        },
        markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => {
            Verdict::Keep(Cow::Borrowed(contents))
        }
        markers::APP14 if contents.starts_with(b"Adobe") => Verdict::Keep(Cow::Borrowed(contents)),
        markers::APP0..=markers::APP15 | markers::COM => Verdict::Drop,
        _ => Verdict::Keep(Cow::Borrowed(contents)),
    }
}

/// Markers followed by a two-byte length and that many bytes less two.
fn jpeg_has_length(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF | 0xDA..=0xDF | 0xE0..=0xEF | 0xF0..=0xFE)
}

fn strip_jpeg(input: Bytes) -> Result<Vec<u8>, ImageError> {
    // img-parts parses the segments up to the first scan header; the rest of
    // the file (scans, more segments, EOI, anything appended) is its entropy
    let mut jpeg = Jpeg::from_bytes(input).map_err(|_| ImageError::Damaged)?;
    let scan = match jpeg.segments_mut().pop() {
        Some(scan) if scan.marker() == markers::SOS && scan.has_entropy() => scan,
        _ => return Err(ImageError::Damaged),
    };

    let header = std::mem::take(jpeg.segments_mut());
    for segment in header {
        match jpeg_verdict(segment.marker(), segment.contents()) {
            Verdict::Drop => {}
            Verdict::Keep(Cow::Borrowed(_)) => jpeg.segments_mut().push(segment),
            Verdict::Keep(Cow::Owned(contents)) => jpeg.segments_mut().push(
                JpegSegment::new_with_contents(segment.marker(), contents.into()),
            ),
        }
    }

    let scan_header_len = scan.len();
    let contents = scan.contents().clone();
    let encoded = scan.encoder().bytes();
    let rest = strip_after_first_scan(&encoded[scan_header_len..])?;
    jpeg.segments_mut().push(JpegSegment::new_with_entropy(
        markers::SOS,
        contents,
        rest.into(),
    ));
    Ok(Vec::from(jpeg.encoder().bytes()))
}

/// Walks what follows the first scan header: entropy-coded data, in which a
/// 0xFF byte is followed by 0x00 (stuffing) or a restart marker, and between
/// scans the segments of later scans (progressive JPEG), which may include
/// metadata too. Returns it up to and including the EOI marker, metadata
/// segments dropped. What comes after EOI is dropped: phones append a second
/// picture there (with its own EXIF), and polyglot files hide payloads there.
fn strip_after_first_scan(data: &[u8]) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(data.len());
    // data[..copied] has been dealt with; at is where to look for 0xFF next
    let mut copied = 0;
    let mut at = 0;
    loop {
        let ff = data[at..]
            .iter()
            .position(|&b| b == 0xFF)
            .map(|i| at + i)
            .ok_or(ImageError::Damaged)?;
        // a marker may be preceded by any number of 0xFF fill bytes
        let mut pos = ff + 1;
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *data.get(pos).ok_or(ImageError::Damaged)?;
        if marker == markers::EOI {
            out.extend_from_slice(&data[copied..=pos]);
            return Ok(out);
        }
        if !jpeg_has_length(marker) {
            // stuffing, restart markers: part of the entropy-coded data
            at = pos + 1;
            continue;
        }
        let length = data
            .get(pos + 1..pos + 3)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .filter(|&length| length >= 2)
            .ok_or(ImageError::Damaged)?;
        let end = pos + 1 + length;
        let contents = data.get(pos + 3..end).ok_or(ImageError::Damaged)?;
        out.extend_from_slice(&data[copied..ff]);
        if let Verdict::Keep(contents) = jpeg_verdict(marker, contents) {
            // the contents only ever shrink, so the length still fits
            let length = u16::try_from(contents.len() + 2).map_err(|_| ImageError::Damaged)?;
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&length.to_be_bytes());
            out.extend_from_slice(&contents);
        }
        copied = end;
        at = end;
    }
}

// ---------------------------------------------------------------------------
// WebP

/// The chunks kept: the image itself (lossy, lossless, alpha, animation), the
/// extended header and the ICC profile. EXIF, XMP and unknown chunks go.
const WEBP_KEPT: [[u8; 4]; 7] = [
    CHUNK_VP8X, CHUNK_VP8, CHUNK_VP8L, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP,
];

/// The VP8X flags saying that EXIF and XMP chunks follow.
const VP8X_EXIF_AND_XMP: u8 = 0b0000_1000 | 0b0000_0100;

fn strip_webp(input: Bytes) -> Result<Vec<u8>, ImageError> {
    let mut webp = WebP::from_bytes(input).map_err(|_| ImageError::Damaged)?;
    let chunks = webp.chunks();
    let starts_well = matches!(
        chunks.first().map(RiffChunk::id),
        Some(CHUNK_VP8X | CHUNK_VP8 | CHUNK_VP8L)
    );
    let has_picture = chunks
        .iter()
        .any(|chunk| matches!(chunk.id(), CHUNK_VP8 | CHUNK_VP8L | CHUNK_ANMF));
    if !starts_well || !has_picture {
        return Err(ImageError::Damaged);
    }
    webp.chunks_mut()
        .retain(|chunk| WEBP_KEPT.contains(&chunk.id()));

    // img-parts keeps the VP8X flags as they were when chunks are removed
    // directly, and would not clear the XMP one anyway: a reader must not
    // be told to look for chunks that are gone
    if let Some(vp8x) = webp
        .chunks_mut()
        .iter_mut()
        .find(|chunk| chunk.id() == CHUNK_VP8X)
    {
        let RiffContent::Data(header) = vp8x.content_mut() else {
            return Err(ImageError::Damaged);
        };
        if header.len() < 10 {
            return Err(ImageError::Damaged);
        }
        let mut flags = header.to_vec();
        flags[0] &= !VP8X_EXIF_AND_XMP;
        *header = flags.into();
    }
    // the RIFF size is recomputed, and anything after the RIFF chunk is dropped
    Ok(Vec::from(webp.encoder().bytes()))
}

/// The frames of a WebP: 1, or the `ANMF` chunks of an animation.
fn webp_frames(bytes: &[u8]) -> Result<u64, ImageError> {
    let webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| ImageError::Damaged)?;
    let frames = webp
        .chunks()
        .iter()
        .filter(|chunk| chunk.id() == CHUNK_ANMF)
        .count();
    Ok((frames as u64).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPS: &[u8] = b"GPSLatitude 16.0544";

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// TIFF-style EXIF data carrying the GPS marker, as a phone would write.
    fn exif_payload() -> Vec<u8> {
        [&b"MM\0*\0\0\0\x08\0\0"[..], GPS].concat()
    }

    // PNG ------------------------------------------------------------------

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        let length = u32::try_from(data.len()).expect("test chunk fits");
        [
            &length.to_be_bytes()[..],
            kind,
            data,
            &crc.finalize().to_be_bytes(),
        ]
        .concat()
    }

    fn ihdr(width: u32, height: u32) -> Vec<u8> {
        // 8-bit greyscale, deflate, no filter method variants, no interlace
        let data = [
            &width.to_be_bytes()[..],
            &height.to_be_bytes(),
            &[8, 0, 0, 0, 0],
        ]
        .concat();
        png_chunk(b"IHDR", &data)
    }

    /// One greyscale pixel of value `grey` (0 or 255), zlib-compressed with
    /// its filter byte.
    fn idat(grey: u8) -> Vec<u8> {
        let data: &[u8] = match grey {
            0 => b"\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01",
            _ => b"\x78\x9c\x63\xf8\x0f\x00\x01\x01\x01\x00",
        };
        png_chunk(b"IDAT", data)
    }

    fn png(ihdr: Vec<u8>, before_idat: &[Vec<u8>], grey: u8) -> Vec<u8> {
        let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
        file.extend(ihdr);
        for chunk in before_idat {
            file.extend_from_slice(chunk);
        }
        file.extend(idat(grey));
        file.extend(png_chunk(b"IEND", b""));
        file
    }

    /// A 1×1 PNG with GPS in an eXIf chunk and in a tEXt chunk.
    fn png_with_gps(grey: u8) -> Vec<u8> {
        let text = [&b"Comment\0"[..], GPS].concat();
        png(
            ihdr(1, 1),
            &[
                png_chunk(b"eXIf", &exif_payload()),
                png_chunk(b"tEXt", &text),
            ],
            grey,
        )
    }

    fn png_kinds(bytes: &[u8]) -> Vec<[u8; 4]> {
        let png = Png::from_bytes(Bytes::copy_from_slice(bytes)).expect("output parses");
        png.chunks().iter().map(PngChunk::kind).collect()
    }

    #[test]
    fn a_png_is_accepted_without_its_exif_and_text() {
        let upload = png_with_gps(0);
        assert!(contains(&upload, GPS));

        let image = accept(&upload).expect("accepted");
        assert_eq!((image.mime, image.ext), ("image/png", "png"));
        assert_eq!((image.width, image.height), (1, 1));
        assert!(!contains(&image.bytes, GPS));
        assert_eq!(png_kinds(&image.bytes), [*b"IHDR", *b"IDAT", *b"IEND"]);
        let size = imagesize::blob_size(&image.bytes).expect("imagesize reads it");
        assert_eq!((size.width, size.height), (1, 1));
    }

    #[test]
    fn a_png_keeps_its_colour_chunks_and_loses_the_rest() {
        let upload = png(
            ihdr(1, 1),
            &[
                png_chunk(b"sRGB", &[0]),
                png_chunk(b"gAMA", &45455u32.to_be_bytes()),
                png_chunk(b"tIME", &[7, 232, 1, 2, 3, 4, 5]),
                png_chunk(b"zTXt", b"Author\0\0x"),
                png_chunk(
                    b"iTXt",
                    &[&b"XML:com.adobe.xmp\0\0\0\0\0"[..], GPS].concat(),
                ),
                png_chunk(b"prVW", GPS),
                png_chunk(b"pHYs", &[0, 0, 11, 19, 0, 0, 11, 19, 1]),
            ],
            0,
        );

        let image = accept(&upload).expect("accepted");
        assert!(!contains(&image.bytes, GPS));
        assert_eq!(
            png_kinds(&image.bytes),
            [*b"IHDR", *b"sRGB", *b"gAMA", *b"pHYs", *b"IDAT", *b"IEND"]
        );
    }

    #[test]
    fn data_after_the_end_of_a_png_is_dropped() {
        let clean = accept(&png_with_gps(0)).expect("accepted");
        let mut upload = png_with_gps(0);
        upload.extend_from_slice(b"<?php system($_GET['c']); ?>");

        let image = accept(&upload).expect("accepted");
        assert!(!contains(&image.bytes, b"<?php"));
        assert_eq!(image.bytes, clean.bytes);
    }

    #[test]
    fn a_png_9000_pixels_wide_is_refused() {
        let upload = png(ihdr(9000, 1), &[], 0);
        assert_eq!(
            accept(&upload),
            Err(ImageError::TooManyPixels { max: MAX_SIDE })
        );
        // the limit itself is allowed
        let upload = png(ihdr(MAX_SIDE, 5000), &[], 0);
        let image = accept(&upload).expect("accepted");
        assert_eq!((image.width, image.height), (MAX_SIDE, 5000));
    }

    #[test]
    fn a_png_of_64_million_pixels_is_refused_and_a_phone_photo_is_not() {
        let upload = png(ihdr(8000, 8000), &[], 0);
        assert!(upload.len() < 100, "a few bytes claim 64 Mpx");
        assert_eq!(
            accept(&upload),
            Err(ImageError::TooManyPixelsInAll { max_mpx: 40 })
        );
        let image = accept(&png(ihdr(6000, 4000), &[], 0)).expect("a phone photo");
        assert_eq!((image.width, image.height), (6000, 4000));
        assert_eq!(
            accept(&png(ihdr(8000, 5001), &[], 0)),
            Err(ImageError::TooManyPixelsInAll { max_mpx: 40 })
        );
    }

    fn actl(frames: u32) -> Vec<u8> {
        png_chunk(
            b"acTL",
            &[&frames.to_be_bytes()[..], &[0, 0, 0, 0]].concat(),
        )
    }

    #[test]
    fn an_animation_is_capped_in_frames_and_in_all_its_pixels() {
        let too_many = ImageError::TooManyFrames {
            max_frames: MAX_FRAMES,
            max_mpx: 100,
        };
        // an APNG declaring 101 frames, however small
        assert_eq!(
            accept(&png(ihdr(2, 2), &[actl(101)], 0)),
            Err(too_many.clone())
        );
        let image = accept(&png(ihdr(2, 2), &[actl(100)], 0)).expect("100 frames");
        assert!(contains(&image.bytes, b"acTL"), "the animation is kept");
        // 2 frames of 6000 × 4000 (48 Mpx) pass, 5 (120 Mpx) do not
        assert!(accept(&png(ihdr(6000, 4000), &[actl(2)], 0)).is_ok());
        assert_eq!(
            accept(&png(ihdr(6000, 4000), &[actl(5)], 0)),
            Err(too_many.clone())
        );
        // frame controls count even when acTL says fewer
        let fctl = png_chunk(b"fcTL", &[0; 26]);
        let controls: Vec<Vec<u8>> = std::iter::once(actl(1))
            .chain(std::iter::repeat_n(fctl, 101))
            .collect();
        assert_eq!(
            accept(&png(ihdr(2, 2), &controls, 0)),
            Err(too_many.clone())
        );
        // an animated WebP of 101 frames
        let vp8x = riff_chunk(b"VP8X", &[0b0000_0010, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
        let anim = riff_chunk(b"ANIM", &[0; 6]);
        let frame = riff_chunk(b"ANMF", &[0; 16]);
        let mut chunks = vec![vp8x, anim];
        chunks.extend(std::iter::repeat_n(frame, 101));
        assert_eq!(accept(&webp(&chunks)), Err(too_many));
    }

    #[test]
    fn a_png_with_no_pixels_or_no_end_is_damaged() {
        assert_eq!(accept(&png(ihdr(0, 1), &[], 0)), Err(ImageError::Damaged));

        let mut unended = png_with_gps(0);
        unended.truncate(unended.len() - 12);
        assert_eq!(accept(&unended), Err(ImageError::Damaged));
    }

    // JPEG -----------------------------------------------------------------

    /// A 3×2 greyscale baseline JPEG (JFIF) as written by libjpeg.
    const TINY_JPEG: [u8; 207] = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x03, 0x02,
        0x02, 0x03, 0x03, 0x03, 0x03, 0x04, 0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0x05, 0x04, 0x04,
        0x05, 0x0A, 0x07, 0x07, 0x06, 0x08, 0x0C, 0x0A, 0x0C, 0x0C, 0x0B, 0x0A, 0x0B, 0x0B, 0x0D,
        0x0E, 0x12, 0x10, 0x0D, 0x0E, 0x11, 0x0E, 0x0B, 0x0B, 0x10, 0x16, 0x10, 0x11, 0x13, 0x14,
        0x15, 0x15, 0x15, 0x0C, 0x0F, 0x17, 0x18, 0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xFF,
        0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00,
        0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x07, 0xFF, 0xC4, 0x00, 0x1B, 0x10, 0x00, 0x03, 0x01, 0x00, 0x03, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
        0x06, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3B, 0xED,
        0x9C, 0xA6, 0xDC, 0x7D, 0xBF, 0xB0, 0xE2, 0x86, 0xBB, 0xC3, 0x1E, 0x1E, 0x53, 0x5E, 0x1C,
        0x99, 0xE7, 0x56, 0x59, 0xE7, 0xCF, 0x1B, 0xBC, 0xA3, 0x19, 0xA8, 0x3E, 0x2C, 0xE7, 0x34,
        0x44, 0x55, 0x1E, 0x05, 0x55, 0x50, 0x00, 0x00, 0x0F, 0xBF, 0xFF, 0xD9,
    ];

    /// Where the JFIF segment of [`TINY_JPEG`] ends.
    const AFTER_JFIF: usize = 20;

    fn jpeg_segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let length = u16::try_from(contents.len() + 2).expect("test segment fits");
        [&[0xFF, marker][..], &length.to_be_bytes(), contents].concat()
    }

    /// [`TINY_JPEG`] with `segments` inserted after its JFIF segment.
    fn jpeg_with(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut file = TINY_JPEG[..AFTER_JFIF].to_vec();
        for segment in segments {
            file.extend_from_slice(segment);
        }
        file.extend_from_slice(&TINY_JPEG[AFTER_JFIF..]);
        file
    }

    fn jpeg_with_gps() -> Vec<u8> {
        let exif = [&b"Exif\0\0"[..], &exif_payload()].concat();
        let xmp = [&b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta "[..], GPS].concat();
        let photoshop = [&b"Photoshop 3.0\08BIM"[..], GPS].concat();
        let comment = [&b"taken at "[..], GPS].concat();
        jpeg_with(&[
            jpeg_segment(markers::APP1, &exif),
            jpeg_segment(markers::APP1, &xmp),
            jpeg_segment(markers::APP13, &photoshop),
            jpeg_segment(markers::COM, &comment),
        ])
    }

    fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
        let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).expect("output parses");
        jpeg.segments().iter().map(JpegSegment::marker).collect()
    }

    #[test]
    fn a_jpeg_is_accepted_without_exif_xmp_iptc_and_comments() {
        let upload = jpeg_with_gps();
        assert!(contains(&upload, GPS));

        let image = accept(&upload).expect("accepted");
        assert_eq!((image.mime, image.ext), ("image/jpeg", "jpg"));
        assert_eq!((image.width, image.height), (3, 2));
        assert!(!contains(&image.bytes, GPS));
        // the upload without what was added is exactly the original picture
        assert_eq!(image.bytes, TINY_JPEG);
        assert_eq!(
            jpeg_markers(&image.bytes),
            [
                markers::APP0,
                markers::DQT,
                markers::SOF0,
                markers::DHT,
                markers::DHT,
                markers::SOS
            ]
        );
        let size = imagesize::blob_size(&image.bytes).expect("imagesize reads it");
        assert_eq!((size.width, size.height), (3, 2));
    }

    #[test]
    fn a_jpeg_keeps_its_icc_profile_and_adobe_segment_but_no_thumbnail() {
        let icc = b"ICC_PROFILE\0\x01\x01profile bytes";
        let adobe = b"Adobe\0\x64\0\0\0\0\0";
        let with_segments = jpeg_with(&[
            jpeg_segment(markers::APP2, icc),
            jpeg_segment(markers::APP2, &[&b"MPF\0"[..], GPS].concat()),
            jpeg_segment(markers::APP12, &[&b"Ducky"[..], GPS].concat()),
            jpeg_segment(markers::APP14, adobe),
        ]);
        // a JFIF header announcing a 1×1 thumbnail, followed by its pixel
        let jfif = jpeg_segment(
            markers::APP0,
            b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01\xAA\xBB\xCC",
        );
        let upload = [&with_segments[..2], &jfif, &with_segments[AFTER_JFIF..]].concat();

        let image = accept(&upload).expect("accepted");
        assert!(!contains(&image.bytes, GPS));
        assert!(!contains(&image.bytes, b"\xAA\xBB\xCC"));
        let jpeg = Jpeg::from_bytes(Bytes::from(image.bytes)).expect("output parses");
        let kept: Vec<(u8, &[u8])> = jpeg
            .segments()
            .iter()
            .take(3)
            .map(|segment| (segment.marker(), &segment.contents()[..]))
            .collect();
        assert_eq!(
            kept,
            [
                (markers::APP0, &b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"[..]),
                (markers::APP2, &icc[..]),
                (markers::APP14, &adobe[..]),
            ]
        );
    }

    #[test]
    fn data_after_the_end_of_a_jpeg_is_dropped() {
        // phones append a second picture after EOI, with its own EXIF
        let mut upload = TINY_JPEG.to_vec();
        let exif = [&b"Exif\0\0"[..], &exif_payload()].concat();
        upload.extend_from_slice(&[0xFF, 0xD8]);
        upload.extend(jpeg_segment(markers::APP1, &exif));
        upload.extend_from_slice(&[0xFF, 0xD9]);

        let image = accept(&upload).expect("accepted");
        assert!(!contains(&image.bytes, GPS));
        assert_eq!(image.bytes, TINY_JPEG);
    }

    #[test]
    fn metadata_after_the_first_scan_of_a_jpeg_is_dropped() {
        let end = TINY_JPEG.len() - 2;
        let upload = [
            &TINY_JPEG[..end],
            &jpeg_segment(markers::COM, GPS),
            &jpeg_segment(markers::APP1, &[&b"Exif\0\0"[..], GPS].concat()),
            &TINY_JPEG[end..],
        ]
        .concat();

        let image = accept(&upload).expect("accepted");
        assert!(!contains(&image.bytes, GPS));
        assert_eq!(image.bytes, TINY_JPEG);
    }

    #[test]
    fn a_jpeg_cut_short_is_damaged() {
        assert_eq!(
            accept(&TINY_JPEG[..TINY_JPEG.len() - 2]),
            Err(ImageError::Damaged)
        );
        assert_eq!(accept(&TINY_JPEG[..100]), Err(ImageError::Damaged));
    }

    // WebP -----------------------------------------------------------------

    /// A 1×1 lossless (VP8L) bitstream of one opaque red pixel, from libwebp.
    const VP8L_1X1: &[u8] = b"\x2f\x00\x00\x00\x00\x07\x10\xfd\x8f\xfe\x07\x22\xa2\xff\x01";

    fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let length = u32::try_from(data.len()).expect("test chunk fits");
        let mut chunk = [&id[..], &length.to_le_bytes(), data].concat();
        if data.len() % 2 == 1 {
            chunk.push(0);
        }
        chunk
    }

    fn webp(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = [&b"WEBP"[..], &chunks.concat()].concat();
        riff_chunk(b"RIFF", &body)
    }

    /// A 1×1 lossless WebP in the extended format, with EXIF and XMP.
    fn webp_with_gps() -> Vec<u8> {
        // flags EXIF and XMP, reserved, canvas 1×1 (stored minus one)
        let vp8x = [0b0000_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let xmp = [&b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>"[..], GPS].concat();
        webp(&[
            riff_chunk(b"VP8X", &vp8x),
            riff_chunk(b"VP8L", VP8L_1X1),
            riff_chunk(b"EXIF", &exif_payload()),
            riff_chunk(b"XMP ", &xmp),
        ])
    }

    #[test]
    fn a_webp_is_accepted_without_exif_and_xmp_and_says_so_in_its_header() {
        let upload = webp_with_gps();
        assert!(contains(&upload, GPS));

        let image = accept(&upload).expect("accepted");
        assert_eq!((image.mime, image.ext), ("image/webp", "webp"));
        assert_eq!((image.width, image.height), (1, 1));
        assert!(!contains(&image.bytes, GPS));

        let webp = WebP::from_bytes(Bytes::copy_from_slice(&image.bytes)).expect("output parses");
        let ids: Vec<[u8; 4]> = webp.chunks().iter().map(RiffChunk::id).collect();
        assert_eq!(ids, [CHUNK_VP8X, CHUNK_VP8L]);
        let vp8x = webp.chunk_by_id(CHUNK_VP8X).map(RiffChunk::content);
        let flags = vp8x.and_then(RiffContent::data).map(|data| data[0]);
        assert_eq!(flags, Some(0));
        // the RIFF size covers exactly the file
        let riff_size = u32::from_le_bytes(image.bytes[4..8].try_into().expect("4 bytes"));
        assert_eq!(riff_size as usize + 8, image.bytes.len());
        assert_eq!(webp.dimensions(), Some((1, 1)));
        let size = imagesize::blob_size(&image.bytes).expect("imagesize reads it");
        assert_eq!((size.width, size.height), (1, 1));
    }

    #[test]
    fn a_simple_webp_is_accepted_as_it_is() {
        let upload = webp(&[riff_chunk(b"VP8L", VP8L_1X1)]);
        let image = accept(&upload).expect("accepted");
        assert_eq!(image.bytes, upload);
    }

    // Every format ---------------------------------------------------------

    #[test]
    fn what_is_stored_is_accepted_again_unchanged() {
        for upload in [png_with_gps(0), jpeg_with_gps(), webp_with_gps()] {
            let first = accept(&upload).expect("accepted");
            let second = accept(&first.bytes).expect("accepted again");
            assert_eq!(second, first);
        }
    }

    #[test]
    fn the_hash_follows_the_picture() {
        let hash = |upload: &[u8]| accept(upload).expect("accepted").hash;
        let black = hash(&png_with_gps(0));
        assert_eq!(black.len(), 32);
        assert!(
            black
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
        assert_eq!(black, hash(&png_with_gps(0)));
        // metadata is not part of the picture
        assert_eq!(black, hash(&png(ihdr(1, 1), &[], 0)));
        assert_ne!(black, hash(&png_with_gps(255)));
        assert_ne!(black, hash(&jpeg_with_gps()));
        assert_ne!(black, hash(&webp_with_gps()));
    }

    #[test]
    fn a_php_script_named_png_is_not_an_image() {
        assert_eq!(
            accept(b"<?php system($_GET['c']); ?>"),
            Err(ImageError::NotAnImage)
        );
    }

    #[test]
    fn svg_gif_html_and_zip_are_not_images() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        let gif =
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;";
        let html = b"<!doctype html><html><body>hi</body></html>";
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x00\x00";
        for upload in [&svg[..], gif, html, zip, b"\x89PNG", b"RIFF\0\0\0\0WAVE"] {
            assert_eq!(accept(upload), Err(ImageError::NotAnImage));
        }
    }

    #[test]
    fn magic_bytes_followed_by_garbage_are_damaged() {
        let garbage = b"this is not the rest of an image, only words";
        for magic in [
            &b"\x89PNG\r\n\x1a\n"[..],
            &[0xFF, 0xD8, 0xFF],
            b"RIFF\x30\0\0\0WEBP",
        ] {
            let upload = [magic, garbage].concat();
            assert_eq!(accept(&upload), Err(ImageError::Damaged));
        }
    }

    #[test]
    fn an_upload_over_the_limit_is_too_large() {
        let mut upload = png_with_gps(0);
        upload.resize(MAX_BYTES + 1, 0);
        assert_eq!(accept(&upload), Err(ImageError::TooLarge { max_mb: 5 }));
    }

    #[test]
    fn an_empty_upload_is_empty() {
        assert_eq!(accept(b""), Err(ImageError::Empty));
    }

    #[test]
    fn the_messages_are_in_vietnamese() {
        assert_eq!(ImageError::Empty.to_string(), "Tệp ảnh trống.");
        assert_eq!(
            ImageError::TooLarge { max_mb: 5 }.to_string(),
            "Ảnh quá lớn: tối đa 5 MB."
        );
        assert_eq!(
            ImageError::TooManyPixels { max: MAX_SIDE }.to_string(),
            "Ảnh quá lớn: mỗi chiều tối đa 8000 điểm ảnh."
        );
        assert_eq!(
            ImageError::TooManyPixelsInAll { max_mpx: 40 }.to_string(),
            "Ảnh quá lớn: tối đa 40 triệu điểm ảnh (ví dụ 6000 × 4000)."
        );
        assert_eq!(
            ImageError::Damaged.to_string(),
            "Tệp ảnh bị hỏng, không đọc được."
        );
        assert!(
            ImageError::NotAnImage
                .to_string()
                .starts_with("Chỉ nhận ảnh PNG, JPEG hoặc WebP")
        );
    }
}
