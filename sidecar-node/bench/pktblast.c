/*
 * pktblast: offers UDP frames to a bump in the wire and measures what comes back.
 *
 *   pktblast IFACE --size BYTES --count N [--rate FPS] [--latency]
 *
 * Throughput mode (default): sends N frames as fast as it can (or at --rate), UDP to port 5060 from 256
 * source addresses, and counts the frames that return; prints one JSON line with the offered rate, the
 * returned count and the rate at which they returned (the DUT's rate once offered more than it takes).
 * Latency mode: sends at --rate (default 1000/s), each frame stamped with CLOCK_MONOTONIC, and reports the
 * median and 99th percentile round trip.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif
#define MAGIC 0x4e535442u /* "NSTB" */
#define BATCH 64

static int fd, size, latency;
static long count, rate;
static volatile int sending_done;
static volatile long received;
static double first_rx, last_rx;
static double *rtts;
static volatile long nrtt;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t csum(const uint8_t *p, int n) {
    uint32_t s = 0;
    for (int i = 0; i + 1 < n; i += 2) s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1) s += (uint32_t)(p[n - 1] << 8);
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static void build(uint8_t *f, int len, long seq) {
    memset(f, 0, (size_t)len);
    const uint8_t dst[6] = {2, 0, 0, 0, 0, 0xbb}, src[6] = {2, 0, 0, 0, 0, 0xaa};
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08; f[13] = 0x00;
    uint8_t *ip = f + 14;
    int iplen = len - 14;
    ip[0] = 0x45; ip[2] = (uint8_t)(iplen >> 8); ip[3] = (uint8_t)iplen;
    ip[6] = 0x40; ip[8] = 64; ip[9] = 17;
    ip[12] = 10; ip[13] = 1; ip[14] = 0; ip[15] = (uint8_t)(1 + seq % 256);
    ip[16] = 10; ip[17] = 2; ip[18] = 0; ip[19] = 1;
    uint16_t c = csum(ip, 20);
    ip[10] = (uint8_t)(c >> 8); ip[11] = (uint8_t)c;
    uint8_t *udp = ip + 20;
    int ulen = iplen - 20;
    udp[0] = 0x9c; udp[1] = 0x40;          /* source port 40000 */
    udp[2] = 0x13; udp[3] = 0xc4;          /* destination port 5060 */
    udp[4] = (uint8_t)(ulen >> 8); udp[5] = (uint8_t)ulen;
    uint32_t m = htonl(MAGIC);
    memcpy(udp + 8, &m, 4);
    memcpy(udp + 12, &seq, 8);
}

static void *receiver(void *arg) {
    (void)arg;
    static uint8_t slots[BATCH][2048];
    struct iovec iov[BATCH];
    struct mmsghdr rx[BATCH];
    double idle_since = 0;
    for (;;) {
        memset(rx, 0, sizeof rx);
        for (int i = 0; i < BATCH; i++) {
            iov[i].iov_base = slots[i]; iov[i].iov_len = 2048;
            rx[i].msg_hdr.msg_iov = &iov[i]; rx[i].msg_hdr.msg_iovlen = 1;
        }
        int n = recvmmsg(fd, rx, BATCH, MSG_WAITFORONE, NULL);
        double t = now();
        if (n <= 0) {
            if (sending_done) {
                if (idle_since == 0) idle_since = t;
                if (t - idle_since > 1.0) break;   /* one second of silence after the last send */
            }
            continue;
        }
        idle_since = 0;
        for (int i = 0; i < n; i++) {
            uint8_t *f = slots[i];
            uint32_t m;
            if (rx[i].msg_len < 62) continue;
            memcpy(&m, f + 42, 4);
            if (ntohl(m) != MAGIC) continue;
            if (received == 0) first_rx = t;
            last_rx = t;
            received++;
            if (latency) {
                double sent_at;
                memcpy(&sent_at, f + 54, 8);
                rtts[nrtt++] = t - sent_at;
            }
        }
    }
    return NULL;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: pktblast IFACE --size B --count N [--rate FPS] [--latency]\n"); return 2; }
    const char *ifname = argv[1];
    size = 64; count = 100000; rate = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc) size = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--rate") && i + 1 < argc) rate = atol(argv[++i]);
        else if (!strcmp(argv[i], "--latency")) latency = 1;
    }
    if (size < 64) size = 64;
    if (size > 1514) size = 1514;
    if (latency && rate == 0) rate = 1000;
    int ifindex = (int)if_nametoindex(ifname);
    if (!ifindex) { fprintf(stderr, "no such interface: %s\n", ifname); return 1; }
    fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0) { perror("socket"); return 1; }
    int one = 1, buf = 8 << 20;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct timeval tv = {0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_ll sll = {0};
    sll.sll_family = AF_PACKET; sll.sll_protocol = htons(ETH_P_ALL); sll.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) { perror("bind"); return 1; }
    if (latency) rtts = calloc((size_t)count, sizeof(double));

    pthread_t th;
    pthread_create(&th, NULL, receiver, NULL);
    static uint8_t frames[BATCH][2048];
    struct iovec iov[BATCH];
    struct mmsghdr tx[BATCH];
    double start = now();
    long sent = 0;
    while (sent < count) {
        int n = (int)(count - sent < BATCH ? count - sent : BATCH);
        if (rate) n = 1;
        for (int i = 0; i < n; i++) {
            build(frames[i], size, sent + i);
            if (latency) { double t = now(); memcpy(frames[i] + 54, &t, 8); }
            iov[i].iov_base = frames[i]; iov[i].iov_len = (size_t)size;
            memset(&tx[i], 0, sizeof tx[i]);
            tx[i].msg_hdr.msg_iov = &iov[i]; tx[i].msg_hdr.msg_iovlen = 1;
        }
        int k = sendmmsg(fd, tx, (unsigned)n, 0);
        if (k > 0) sent += k;
        if (rate) {
            double due = start + (double)sent / (double)rate;
            while (now() < due) { /* pace */ }
        }
    }
    double end = now();
    sending_done = 1;
    pthread_join(th, NULL);
    double offered = (double)sent / (end - start);
    double rx_rate = received > 1 && last_rx > first_rx ? (double)(received - 1) / (last_rx - first_rx) : 0;
    if (latency) {
        qsort(rtts, (size_t)nrtt, sizeof(double), cmp);
        double med = nrtt ? rtts[nrtt / 2] : 0, p99 = nrtt ? rtts[(long)(nrtt * 0.99)] : 0;
        printf("{\"size\":%d,\"sent\":%ld,\"received\":%ld,\"median_us\":%.1f,\"p99_us\":%.1f}\n",
               size, sent, received, med * 1e6, p99 * 1e6);
    } else {
        printf("{\"size\":%d,\"sent\":%ld,\"received\":%ld,\"offered_fps\":%.0f,\"returned_fps\":%.0f}\n",
               size, sent, received, offered, rx_rate);
    }
    return 0;
}
