#ifndef HANDOFF_CZLIB_SHIM_H
#define HANDOFF_CZLIB_SHIM_H

#include <zlib.h>

/// inflateInit with the zlib version this was compiled against (inflateInit is a macro).
static inline int handoff_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}

#endif
