#include "fdt.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

static uint32_t be32(const void *p)
{
    const volatile uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return 1;
}

static int strlen_(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}

const void *fdt_find(uint64_t boot_x0)
{
    if (boot_x0 != 0 && (boot_x0 & 7) == 0 && be32((const void *)(uintptr_t)boot_x0) == FDT_MAGIC)
        return (const void *)(uintptr_t)boot_x0;
    const void *ram = (const void *)(uintptr_t)0x40000000UL;
    return be32(ram) == FDT_MAGIC ? ram : 0;
}

/* Walks the structure block, calling visit for every property with the node path depth
 * and the names of the node and its parent. */
typedef void (*prop_visitor)(void *ctx, int depth, const char *parent, const char *node,
                             const char *name, const uint8_t *value, uint32_t len);

static void walk(const void *fdt, prop_visitor visit, void *ctx)
{
    const uint8_t *base = fdt;
    const uint8_t *p = base + be32(base + 8);
    const char *strings = (const char *)base + be32(base + 12);
    const char *names[16] = { 0 };
    int depth = -1;
    for (;;) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            p += (strlen_(name) + 1 + 3) & ~3;
            depth++;
            if (depth < 16)
                names[depth] = name;
        } else if (token == FDT_END_NODE) {
            depth--;
        } else if (token == FDT_PROP) {
            uint32_t len = be32(p);
            const char *name = strings + be32(p + 4);
            p += 8;
            if (depth >= 1 && depth < 16)
                visit(ctx, depth, names[depth - 1], names[depth], name, p, len);
            p += (len + 3) & ~3u;
        } else if (token == FDT_NOP) {
            continue;
        } else {
            return; /* FDT_END or garbage */
        }
    }
}

struct cpu_ctx {
    uint32_t address_cells;
    uint64_t *mpidrs;
    int max;
    int count;
};

static void visit_cpu(void *c, int depth, const char *parent, const char *node,
                      const char *name, const uint8_t *value, uint32_t len)
{
    struct cpu_ctx *ctx = c;
    if (depth == 1 && streq(node, "cpus") && streq(name, "#address-cells") && len == 4)
        ctx->address_cells = be32(value);
    if (depth == 2 && streq(parent, "cpus") && starts_with(node, "cpu@") && streq(name, "reg")) {
        uint64_t reg = len >= 8 && ctx->address_cells == 2
            ? (uint64_t)be32(value) << 32 | be32(value + 4)
            : be32(value);
        if (ctx->count < ctx->max)
            ctx->mpidrs[ctx->count] = reg;
        ctx->count++;
    }
}

int fdt_cpu_mpidrs(const void *fdt, uint64_t *mpidrs, int max)
{
    struct cpu_ctx ctx = { 1, mpidrs, max, 0 };
    walk(fdt, visit_cpu, &ctx);
    return ctx.count;
}

struct method_ctx {
    const char *method;
};

static void visit_psci(void *c, int depth, const char *parent, const char *node,
                       const char *name, const uint8_t *value, uint32_t len)
{
    struct method_ctx *ctx = c;
    (void)parent;
    if (depth == 1 && streq(node, "psci") && streq(name, "method") && len > 0)
        ctx->method = (const char *)value;
}

const char *fdt_psci_method(const void *fdt)
{
    struct method_ctx ctx = { 0 };
    walk(fdt, visit_psci, &ctx);
    return ctx.method;
}
