//! PostgreSQL's search index, keyed by ticket as SQLite's is (issue 13).
//!
//! A GIN index on the texts answers with rows, and each matching row had to be read to learn its
//! ticket: an error code in ~3 500 messages cost ~3 500 random page reads before the list could
//! even be sorted. Here the index holds ticket ids themselves, for the same terms as SQLite's
//! ([`search_text`]): a message writes one posting per distinct term (`search_postings`), and a
//! cluster-once job folds them every few seconds into chunk rows (`search_chunks`): per term,
//! the tickets among 65 536 consecutive ids as a list of offsets or, past 4 095 of them, a
//! bitmap. At a million tickets a word is then at most 16 rows (32 with internal notes), and a
//! search unites and intersects them in memory.
//!
//! Matching is per ticket: every term somewhere in the ticket's subject or messages — the rule
//! a customer's search in memory follows. Internal notes' terms are kept apart (`internal`), so
//! a customer's search sees only the public text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::PgConnection;

use crate::domain::search_text;

/// A chunk holds the tickets whose ids share everything but the low `CHUNK_BITS` bits.
pub const CHUNK_BITS: u32 = 16;
const CHUNK_TICKETS: usize = 1 << CHUNK_BITS;
const BITMAP_BYTES: usize = CHUNK_TICKETS / 8;
/// Below this many tickets a chunk is a list of 2-byte offsets, shorter than the bitmap.
/// (PostgreSQL compresses either past 2 KB.)
const LIST_MAX: usize = BITMAP_BYTES / 2;

/// The chunk and the offset within it of a ticket id.
pub fn split(ticket_id: i64) -> (i32, u16) {
    let chunk = i32::try_from(ticket_id >> CHUNK_BITS).unwrap_or(i32::MAX);
    (chunk, (ticket_id & (CHUNK_TICKETS as i64 - 1)) as u16)
}

/// Stored form of a chunk's offsets: ascending little-endian `u16`s, or a bitmap of exactly
/// [`BITMAP_BYTES`] bytes (bit `n` in byte `n / 8`, lowest bit first).
pub fn encode(offsets: &BTreeSet<u16>) -> Vec<u8> {
    if offsets.len() < LIST_MAX {
        offsets.iter().flat_map(|o| o.to_le_bytes()).collect()
    } else {
        let mut bitmap = vec![0u8; BITMAP_BYTES];
        for &o in offsets {
            bitmap[usize::from(o) / 8] |= 1 << (o % 8);
        }
        bitmap
    }
}

/// The offsets a stored chunk holds (the inverse of [`encode`]).
pub fn decode(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == BITMAP_BYTES {
        (0..=u16::MAX).filter(|&o| bytes[usize::from(o) / 8] & (1 << (o % 8)) != 0).collect()
    } else {
        bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect()
    }
}

/// The distinct terms of a ticket's text: its subject (with the first message) and a message.
pub fn message_terms(subject: Option<&str>, body: &str) -> Vec<String> {
    let terms: BTreeSet<String> =
        subject.into_iter().flat_map(search_text::terms).chain(search_text::terms(body)).collect();
    terms.into_iter().collect()
}

/// A set of ticket ids as a bitmap over the id space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketSet {
    words: Vec<u64>,
}

impl TicketSet {
    pub fn insert(&mut self, id: i64) {
        let Ok(id) = usize::try_from(id) else { return };
        if self.words.len() <= id / 64 {
            self.words.resize(id / 64 + 1, 0);
        }
        self.words[id / 64] |= 1 << (id % 64);
    }

    fn insert_chunk(&mut self, chunk: i32, stored: &[u8]) {
        let Ok(chunk) = usize::try_from(chunk) else { return };
        if stored.len() == BITMAP_BYTES {
            // A chunk's bitmap is whole words of the set's own: united word by word.
            let first = chunk * (CHUNK_TICKETS / 64);
            if self.words.len() < first + CHUNK_TICKETS / 64 {
                self.words.resize(first + CHUNK_TICKETS / 64, 0);
            }
            for (word, bytes) in self.words[first..].iter_mut().zip(stored.chunks_exact(8)) {
                *word |= u64::from_le_bytes(bytes.try_into().unwrap_or_default());
            }
        } else {
            let base = (chunk << CHUNK_BITS) as i64;
            for offset in decode(stored) {
                self.insert(base + i64::from(offset));
            }
        }
    }

    /// Keeps only what `other` holds too.
    pub fn intersect(&mut self, other: &TicketSet) {
        self.words.truncate(other.words.len());
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine &= theirs;
        }
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    pub fn ids(&self) -> Vec<i64> {
        let mut ids = Vec::with_capacity(self.len());
        for (i, &word) in self.words.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let bit = rest.trailing_zeros();
                ids.push((i * 64) as i64 + i64::from(bit));
                rest &= rest - 1;
            }
        }
        ids
    }

    /// The set as PostgreSQL's `get_bit(bytea, n)` reads it (bit `n` in byte `n / 8`, lowest
    /// bit first), with one zero byte more than it needs: a ticket id past the end is tested
    /// at [`TicketBits::last_bit`], which is never set.
    pub fn to_bits(&self) -> TicketBits {
        let mut bytes: Vec<u8> = self.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        bytes.push(0);
        TicketBits { bytes }
    }
}

/// A large set of matching tickets as the list query tests it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketBits {
    pub bytes: Vec<u8>,
}

impl TicketBits {
    /// A bit that is always clear, where ids beyond the set are tested.
    pub fn last_bit(&self) -> i64 {
        self.bytes.len() as i64 * 8 - 1
    }
}

/// The postings of one message, written in the transaction that stores it.
pub(crate) async fn add_postings(
    conn: &mut PgConnection,
    ticket_id: i64,
    internal: bool,
    terms: &[String],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO search_postings (term, internal, ticket_id)
         SELECT term, $2, $3 FROM unnest(CAST($1 AS TEXT[])) AS term
         ON CONFLICT DO NOTHING",
    )
    .bind(terms)
    .bind(internal)
    .bind(ticket_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A posting: (term, internal, ticket id).
pub type Posting = (String, bool, i64);

/// Merges postings into the chunk rows (read, united, written back), in the caller's
/// transaction. Only one writer at a time may merge: the fold job under its advisory lock, or
/// the bulk loader of an archive nothing else writes to.
pub(crate) async fn merge_into_chunks(conn: &mut PgConnection, postings: &[Posting]) -> sqlx::Result<()> {
    let mut merged: BTreeMap<(&str, bool, i32), BTreeSet<u16>> = BTreeMap::new();
    for (term, internal, ticket_id) in postings {
        let (chunk, offset) = split(*ticket_id);
        merged.entry((term.as_str(), *internal, chunk)).or_default().insert(offset);
    }
    if merged.is_empty() {
        return Ok(());
    }
    let terms: Vec<&str> = merged.keys().map(|k| k.0).collect();
    let internals: Vec<bool> = merged.keys().map(|k| k.1).collect();
    let chunks: Vec<i32> = merged.keys().map(|k| k.2).collect();
    let stored: Vec<(String, bool, i32, Vec<u8>)> = sqlx::query_as(
        "SELECT c.term, c.internal, c.chunk, c.tickets FROM search_chunks c
         JOIN unnest(CAST($1 AS TEXT[]), CAST($2 AS BOOLEAN[]), CAST($3 AS INTEGER[])) AS k(term, internal, chunk)
           ON c.term = k.term AND c.internal = k.internal AND c.chunk = k.chunk",
    )
    .bind(&terms)
    .bind(&internals)
    .bind(&chunks)
    .fetch_all(&mut *conn)
    .await?;
    for (term, internal, chunk, tickets) in &stored {
        if let Some(offsets) = merged.get_mut(&(term.as_str(), *internal, *chunk)) {
            offsets.extend(decode(tickets));
        }
    }
    let encoded: Vec<Vec<u8>> = merged.values().map(encode).collect();
    sqlx::query(
        "INSERT INTO search_chunks (term, internal, chunk, tickets)
         SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BOOLEAN[]), CAST($3 AS INTEGER[]), CAST($4 AS BYTEA[]))
         ON CONFLICT (term, internal, chunk) DO UPDATE SET tickets = EXCLUDED.tickets",
    )
    .bind(&terms)
    .bind(&internals)
    .bind(&chunks)
    .bind(&encoded)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Folds up to `batch` postings into the chunk rows, in one transaction (under the job's
/// advisory lock). Answers how many were folded.
pub(crate) async fn fold(pool: &sqlx::PgPool, batch: i64) -> sqlx::Result<usize> {
    let mut tx = pool.begin().await?;
    let postings: Vec<Posting> = sqlx::query_as(
        "DELETE FROM search_postings WHERE ctid = ANY(ARRAY(SELECT ctid FROM search_postings LIMIT $1))
         RETURNING term, internal, ticket_id",
    )
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    merge_into_chunks(&mut tx, &postings).await?;
    tx.commit().await?;
    Ok(postings.len())
}

/// A chunk row (term, chunk, tickets, —) or a posting (term, —, —, ticket id).
type IndexRow = (String, Option<i32>, Option<Vec<u8>>, Option<i64>);

/// The tickets whose text holds every term (only their public text when `public_only`).
pub(crate) async fn matching(pool: &sqlx::PgPool, terms: &[String], public_only: bool) -> sqlx::Result<TicketSet> {
    let public = if public_only { " AND internal = FALSE" } else { "" };
    // One statement, so one snapshot: read in two, a fold committed in between could move a
    // posting into a chunk row after the chunks were read and before the postings were.
    let rows: Vec<IndexRow> = sqlx::query_as(&format!(
        "SELECT term, chunk, tickets, NULL::BIGINT FROM search_chunks WHERE term = ANY($1){public}
         UNION ALL
         SELECT term, NULL, NULL, ticket_id FROM search_postings WHERE term = ANY($1){public}"
    ))
    .bind(terms)
    .fetch_all(pool)
    .await?;
    let mut sets: HashMap<&str, TicketSet> = terms.iter().map(|t| (t.as_str(), TicketSet::default())).collect();
    for (term, chunk, stored, ticket_id) in &rows {
        let Some(set) = sets.get_mut(term.as_str()) else { continue };
        match (chunk, stored, ticket_id) {
            (Some(chunk), Some(stored), _) => set.insert_chunk(*chunk, stored),
            (_, _, Some(ticket_id)) => set.insert(*ticket_id),
            _ => {}
        }
    }
    let mut all = terms.iter().filter_map(|t| sets.remove(t.as_str()));
    let Some(mut found) = all.next() else { return Ok(TicketSet::default()) };
    for set in all {
        found.intersect(&set);
    }
    Ok(found)
}

/// Postings for every text already stored (schema version 24 on PostgreSQL), merged straight
/// into the chunk rows a chunk at a time, so that each row is written once.
pub(crate) async fn rebuild(conn: &mut PgConnection) -> sqlx::Result<u64> {
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets").fetch_one(&mut *conn).await?;
    let mut written = 0;
    for chunk in 0..=split(newest.unwrap_or(0)).0 {
        let (first, next) = (i64::from(chunk) << CHUNK_BITS, i64::from(chunk + 1) << CHUNK_BITS);
        let tickets: Vec<(i64, String)> = sqlx::query_as("SELECT id, subject FROM tickets WHERE id >= $1 AND id < $2")
            .bind(first)
            .bind(next)
            .fetch_all(&mut *conn)
            .await?;
        let messages: Vec<(i64, bool, String)> = sqlx::query_as(
            "SELECT ticket_id, internal, body FROM ticket_messages WHERE ticket_id >= $1 AND ticket_id < $2",
        )
        .bind(first)
        .bind(next)
        .fetch_all(&mut *conn)
        .await?;
        let texts = tickets
            .iter()
            .map(|(id, subject)| (*id, false, subject.as_str()))
            .chain(messages.iter().map(|(id, internal, body)| (*id, *internal, body.as_str())));
        let postings = postings_of(texts);
        written += postings.len() as u64;
        merge_into_chunks(conn, &postings).await?;
    }
    Ok(written)
}

/// The distinct postings of (ticket id, internal, text) triples.
pub(crate) fn postings_of<'a>(texts: impl IntoIterator<Item = (i64, bool, &'a str)>) -> Vec<Posting> {
    let mut distinct: BTreeSet<(String, bool, i64)> = BTreeSet::new();
    for (ticket_id, internal, text) in texts {
        for term in search_text::terms(text) {
            distinct.insert((term, internal, ticket_id));
        }
    }
    distinct.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(offsets: impl IntoIterator<Item = u16>) -> BTreeSet<u16> {
        offsets.into_iter().collect()
    }

    #[test]
    fn short_chunks_are_lists_and_long_ones_bitmaps_and_both_read_back() {
        let many = LIST_MAX as u16;
        for offsets in
            [set([]), set([0]), set([65_535, 7, 300]), set(0..many - 1), set(0..many), set((0..=u16::MAX).step_by(3))]
        {
            let stored = encode(&offsets);
            assert_eq!(decode(&stored), offsets.iter().copied().collect::<Vec<_>>());
            assert!(stored.len() <= BITMAP_BYTES);
            assert_eq!(stored.len() == BITMAP_BYTES, offsets.len() >= LIST_MAX, "{} offsets", offsets.len());
        }
        assert_eq!(encode(&set([1, 258])), vec![1, 0, 2, 1]);
    }

    #[test]
    fn ticket_ids_split_into_chunk_and_offset() {
        assert_eq!(split(0), (0, 0));
        assert_eq!(split(65_535), (0, 65_535));
        assert_eq!(split(65_536), (1, 0));
        assert_eq!(split(1_000_003), (15, (1_000_003 - 15 * 65_536) as u16));
    }

    #[test]
    fn sets_intersect_count_and_list_their_ids() {
        let mut a = TicketSet::default();
        let mut b = TicketSet::default();
        for id in [3, 64, 65, 900, 70_000] {
            a.insert(id);
        }
        for id in [64, 900, 901] {
            b.insert(id);
        }
        a.insert_chunk(0, &encode(&set([5])));
        a.insert_chunk(2, &encode(&(0..=u16::MAX).step_by(2).collect()));
        let evens = (2 << 16..3 << 16).step_by(2);
        assert_eq!(a.ids(), [3, 5, 64, 65, 900, 70_000].into_iter().chain(evens).collect::<Vec<_>>());
        a.insert_chunk(2, &encode(&set([]))); // an empty list adds nothing
        assert_eq!(a.len(), 6 + (1 << 15));
        a.intersect(&b);
        assert_eq!((a.ids(), a.len(), a.is_empty()), (vec![64, 900], 2, false));
        a.intersect(&TicketSet::default());
        assert!(a.is_empty());
    }

    #[test]
    fn bits_read_as_get_bit_reads_them_with_a_clear_bit_at_the_end() {
        let mut s = TicketSet::default();
        s.insert(0);
        s.insert(9);
        s.insert(63);
        let bits = s.to_bits();
        let get_bit = |n: i64| bits.bytes[(n / 8) as usize] >> (n % 8) & 1;
        assert_eq!((0..64).filter(|&n| get_bit(n) == 1).collect::<Vec<_>>(), vec![0, 9, 63]);
        assert_eq!(bits.last_bit(), 71);
        assert_eq!(get_bit(bits.last_bit()), 0);
    }

    #[test]
    fn a_ticket_posts_each_term_once_per_visibility() {
        let postings =
            postings_of([(7, false, "Сертификат не выдан"), (7, false, "сертификаты"), (7, true, "сертификат")]);
        let terms: Vec<(&str, bool)> = postings.iter().map(|(t, i, _)| (t.as_str(), *i)).collect();
        assert_eq!(terms, vec![("выда", false), ("сертификат", false), ("сертификат", true)]);
        assert_eq!(message_terms(Some("Токен"), "токены и ключи"), vec!["ключ", "ток"]);
    }
}
