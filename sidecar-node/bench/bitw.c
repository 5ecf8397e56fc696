/*
 * bitw: a minimal AF_PACKET bump in the wire, the ceiling the NetServ sidecar's Java transport
 * (org.netserv.sidecar.io.AfPacketTransport) is measured against.
 *
 * Receives frames in batches (recvmmsg), optionally does a NetMonitor-like parse-and-count per frame
 * (source IP, destination IP, TTL into an open-addressing table: the same algorithm and hash as
 * EchoBench.TupleTable and the NetMonitor module), and sends every frame back out the same interface from
 * the receive buffer (sendmmsg). Socket set-up as the Java transport's: promiscuous, ignore outgoing
 * frames, 4 MiB buffers, 100 ms receive timeout. VLAN tags are not put back (the benchmark sends
 * untagged frames), which the Java transport does.
 *
 *   bitw IFACE [--netmonitor] [--batch N]
 *
 * Runs until SIGTERM/SIGINT, then prints one line to stderr:
 *   bitw: N frames in, M out, E send errors
 * (sidecar_bench.py reads the first number).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif
#define SLOT 2048
#define MAXB 1024
#define CAPACITY 65536          /* tuples, as the NetMonitor module's default */
#define TABLE (CAPACITY * 2)    /* load factor <= 0.5 */

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static uint64_t keys[TABLE];
static int16_t ttls[TABLE];     /* -1: empty */
static uint64_t counts[TABLE];
static unsigned tuples;
static unsigned long long overflow;

static void count(uint32_t src, uint32_t dst, int ttl) {
    uint64_t key = ((uint64_t)src << 32) | dst;
    uint64_t h = key * 0x9E3779B97F4A7C15ULL + (uint64_t)ttl;
    uint32_t i = (uint32_t)(h ^ (h >> 29)) & (TABLE - 1);
    while (ttls[i] >= 0) {
        if (keys[i] == key && ttls[i] == ttl) { counts[i]++; return; }
        i = (i + 1) & (TABLE - 1);
    }
    if (tuples == CAPACITY) { overflow++; return; }
    keys[i] = key; ttls[i] = (int16_t)ttl; counts[i] = 1; tuples++;
}

static void netmonitor(const uint8_t *f, unsigned len) {
    if (len < 34) return;
    unsigned l3 = 14;
    uint16_t et = (uint16_t)(f[12] << 8 | f[13]);
    if (et == 0x8100) { if (len < 38) return; et = (uint16_t)(f[16] << 8 | f[17]); l3 = 18; }
    if (et != 0x0800 || (f[l3] & 0xf0) != 0x40) return;
    uint32_t src, dst;
    memcpy(&src, f + l3 + 12, 4);
    memcpy(&dst, f + l3 + 16, 4);
    count(ntohl(src), ntohl(dst), f[l3 + 8]);
}

static void must(int rc, const char *what) {
    if (rc < 0) { fprintf(stderr, "bitw: %s: %s\n", what, strerror(errno)); exit(1); }
}

/* SO_RCVBUFFORCE passes net.core.rmem_max (needs CAP_NET_ADMIN), as in the Java transport. */
static void set_buffer(int fd, int force, int plain, int bytes) {
    if (setsockopt(fd, SOL_SOCKET, force, &bytes, sizeof bytes) < 0)
        must(setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof bytes), "socket buffer");
}

static int open_socket(const char *ifname) {
    int ifindex = (int)if_nametoindex(ifname);
    if (!ifindex) { fprintf(stderr, "bitw: no such interface: %s\n", ifname); exit(1); }
    int fd = socket(AF_PACKET, SOCK_RAW, 0); /* receives nothing until bound */
    if (fd < 0 && (errno == EPERM || errno == EACCES)) {
        fprintf(stderr, "bitw: raw sockets need root or CAP_NET_RAW\n"); exit(1);
    }
    must(fd, "socket");
    int one = 1;
    must(setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one), "PACKET_IGNORE_OUTGOING");
    set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, 4 << 20);
    set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, 4 << 20);
    struct timeval tv = {0, 100000};
    must(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), "SO_RCVTIMEO");
    struct packet_mreq mr = {0};
    mr.mr_ifindex = ifindex;
    mr.mr_type = PACKET_MR_PROMISC;
    must(setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr), "promiscuous mode");
    struct sockaddr_ll sll = {0};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    must(bind(fd, (struct sockaddr *)&sll, sizeof sll), "bind");
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: bitw IFACE [--netmonitor] [--batch N]\n"); return 2; }
    const char *ifname = argv[1];
    int nm = 0, batch = 64;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--netmonitor")) nm = 1;
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc) batch = atoi(argv[++i]);
        else { fprintf(stderr, "bitw: unknown argument %s\n", argv[i]); return 2; }
    }
    if (batch < 1 || batch > MAXB) { fprintf(stderr, "bitw: --batch must be 1..%d\n", MAXB); return 2; }
    memset(ttls, 0xff, sizeof ttls);
    int fd = open_socket(ifname);

    static uint8_t slots[MAXB][SLOT];
    static struct iovec iov[MAXB], txiov[MAXB];
    static struct mmsghdr rx[MAXB], tx[MAXB];
    for (int i = 0; i < batch; i++) {
        iov[i].iov_base = slots[i];
        rx[i].msg_hdr.msg_iov = &iov[i];
        rx[i].msg_hdr.msg_iovlen = 1;
        tx[i].msg_hdr.msg_iov = &txiov[i];
        tx[i].msg_hdr.msg_iovlen = 1;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked recvmmsg returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    unsigned long long frames = 0, sent = 0, errors = 0;
    while (!stop) {
        for (int i = 0; i < batch; i++) iov[i].iov_len = SLOT;
        int n = recvmmsg(fd, rx, (unsigned)batch, MSG_WAITFORONE, NULL);
        if (n <= 0) continue; /* timeout, signal, or an error left by a partial send */
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (rx[i].msg_hdr.msg_flags & MSG_TRUNC) continue; /* larger than a slot */
            if (nm) netmonitor(slots[i], rx[i].msg_len);
            txiov[out].iov_base = slots[i];
            txiov[out].iov_len = rx[i].msg_len;
            out++;
        }
        frames += (unsigned long long)n;
        int done = 0;
        while (done < out) {
            int k = sendmmsg(fd, tx + done, (unsigned)(out - done), 0);
            if (k > 0) { done += k; sent += (unsigned long long)k; }
            else if (errno != EINTR) { errors++; done++; }
        }
    }
    fprintf(stderr, "bitw: %llu frames in, %llu out, %llu send errors", frames, sent, errors);
    if (nm) fprintf(stderr, "; %u tuples, %llu over capacity", tuples, overflow);
    fprintf(stderr, "\n");
    close(fd);
    return 0;
}
