//! Line diffs between two revisions of an item (filled in next).
