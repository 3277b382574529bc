// The hash that places a key in a hashmap (hashmap.h): erts's internal hash
// (make_internal_hash and make_map_hash, erts/emulator/beam/utils.c, OTP 25),
// computed the same way so that a large map has BEAM's trie and hence BEAM's
// iteration order.
//
// It reads an immediate as its raw word, which is BEAM's word for small
// integers and [] (the same tags and layout), so maps keyed by numbers,
// binaries, strings, tuples and lists of those walk in erl's exact order. An
// atom's word holds its index in the atom table, which depends on the order
// atoms were created in, in erl as here: maps keyed by atoms walk in an order
// of their own on each VM (erl's own order changes with the atoms created
// before). Pids, ports, references and funs are hashed from this runtime's
// fields for them (every field their =:= compares), not BEAM's.
//
// Concurrency: reads the term only; the caller must be allowed to read it
// (own its heap).
#ifndef LING_RUNTIME_TERM_MAP_HASH_H_
#define LING_RUNTIME_TERM_MAP_HASH_H_

#include <cstdint>

#include "ling/term.h"

namespace ling {

// make_internal_hash(term, salt).
uint32_t InternalHash(Term t, uint32_t salt);

// make_map_hash(key, generation): the 32 bits that choose `key`'s slots on
// trie levels 8 * generation to 8 * generation + 7, four bits a level, the
// lowest first. Each generation salts the hash anew, so keys that collide in
// one generation part in a later one.
uint32_t MapKeyHash(Term key, uint32_t generation);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_MAP_HASH_H_
