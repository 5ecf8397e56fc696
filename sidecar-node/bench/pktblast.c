/*
 * pktblast: offers UDP frames to a bump in the wire and measures what comes back.
 *
 *   pktblast IFACE [--size BYTES] [--count N] [--rate FPS] [--latency] [--quiet-seconds S]
 *
 * Throughput mode (default): sends N frames (default 100000) of BYTES (default 64, 60..1514) bytes, UDP
 * to port 5060 from 256 source addresses, as fast as it can or paced at --rate frames/s, and counts the
 * frames that come back. Prints one JSON line:
 *   {"size", "sent", "received", "lost", "offered_fps", "returned_fps", "send_retries"}
 * offered_fps is the send rate; returned_fps the rate at which frames came back (first to last), which
 * is the device's throughput when it is offered more than it takes.
 *
 * Latency mode: sends N frames (default 3000) one at a time at --rate (default 1000/s), each stamped with
 * CLOCK_MONOTONIC in its payload, and prints the median and 99th percentile round trip:
 *   {"size", "sent", "received", "lost", "median_us", "p99_us"}
 *
 * Pacing sleeps while the next frame is more than 200 us away, so a slow rate leaves the CPU to the
 * device under test. Frames are recognised by a magic number in the payload, so stray traffic is not counted. The socket
 * ignores its own outgoing frames (PACKET_IGNORE_OUTGOING). It stops listening after --quiet-seconds
 * (default 1) without a frame once everything is sent.
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
#define SOURCES 256
#define OFF_MAGIC 42      /* UDP payload of an untagged frame */
#define OFF_SEQ 46
#define OFF_STAMP 54      /* ends at 62: fits the smallest frame */

static int fd, size, latency;
static long count, rate;
static double quiet = 1.0;
static volatile int sending_done;
static volatile long received;
static double first_rx, last_rx;
static double *rtts;
static long nrtt;

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

/* An Ethernet/IPv4/UDP frame of len bytes; source 10.1.0.1-256 by seq, to 10.2.0.1:5060; seq in the payload. */
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
    memcpy(f + OFF_MAGIC, &m, 4);
    memcpy(f + OFF_SEQ, &seq, 8);
}

static void *receiver(void *arg) {
    (void)arg;
    static uint8_t slots[BATCH][2048];
    static struct iovec iov[BATCH];
    static struct mmsghdr rx[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = slots[i];
        rx[i].msg_hdr.msg_iov = &iov[i];
        rx[i].msg_hdr.msg_iovlen = 1;
    }
    double idle_since = 0;
    for (;;) {
        for (int i = 0; i < BATCH; i++) iov[i].iov_len = 2048;
        int n = recvmmsg(fd, rx, BATCH, MSG_WAITFORONE, NULL);
        double t = now();
        if (n <= 0) {
            if (sending_done) {
                if (idle_since == 0) idle_since = t;
                if (t - idle_since > quiet) break;
            }
            continue;
        }
        idle_since = 0;
        for (int i = 0; i < n; i++) {
            uint8_t *f = slots[i];
            uint32_t m;
            if (rx[i].msg_len < OFF_STAMP + 8) continue;
            memcpy(&m, f + OFF_MAGIC, 4);
            if (ntohl(m) != MAGIC) continue;
            if (received == 0) first_rx = t;
            last_rx = t;
            received++;
            if (latency && nrtt < count) {
                double sent_at;
                memcpy(&sent_at, f + OFF_STAMP, 8);
                rtts[nrtt++] = t - sent_at;
            }
        }
    }
    return NULL;
}

/* Waits until time `at`: sleeps while it is more than 200 us away (a spinning sender would take a CPU
 * from the device under test on a small machine), then spins for precision. */
static void pace(double at) {
    double left = at - now();
    if (left > 200e-6) {
        struct timespec ts = {0, (long)((left - 100e-6) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int open_socket(const char *ifname) {
    int ifindex = (int)if_nametoindex(ifname);
    if (!ifindex) { fprintf(stderr, "pktblast: no such interface: %s\n", ifname); exit(1); }
    int s = socket(AF_PACKET, SOCK_RAW, 0);
    if (s < 0) { perror("pktblast: socket (needs root or CAP_NET_RAW)"); exit(1); }
    int one = 1, buf = 8 << 20;
    if (setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0) {
        perror("pktblast: PACKET_IGNORE_OUTGOING"); exit(1);
    }
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) < 0)
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    if (setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf) < 0)
        setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct timeval tv = {0, 100000};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_ll sll = {0};
    sll.sll_family = AF_PACKET; sll.sll_protocol = htons(ETH_P_ALL); sll.sll_ifindex = ifindex;
    if (bind(s, (struct sockaddr *)&sll, sizeof sll) < 0) { perror("pktblast: bind"); exit(1); }
    return s;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: pktblast IFACE [--size B] [--count N] [--rate FPS] [--latency] [--quiet-seconds S]\n");
        return 2;
    }
    const char *ifname = argv[1];
    size = 64; count = -1; rate = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc) size = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--rate") && i + 1 < argc) rate = atol(argv[++i]);
        else if (!strcmp(argv[i], "--quiet-seconds") && i + 1 < argc) quiet = atof(argv[++i]);
        else if (!strcmp(argv[i], "--latency")) latency = 1;
        else { fprintf(stderr, "pktblast: unknown argument %s\n", argv[i]); return 2; }
    }
    if (size < 64) size = 64;   /* 60 + room for the time stamp */
    if (size > 1514) size = 1514;
    if (count < 0) count = latency ? 3000 : 100000;
    if (latency && rate == 0) rate = 1000;
    fd = open_socket(ifname);
    if (latency) rtts = calloc((size_t)count, sizeof(double));

    pthread_t th;
    pthread_create(&th, NULL, receiver, NULL);
    /* Throughput frames are built once (256 sources) so that the sender spends its time sending; latency
     * frames are built and stamped one by one. */
    static uint8_t frames[SOURCES][2048];
    static struct iovec iov[BATCH];
    static struct mmsghdr tx[BATCH];
    for (int i = 0; i < SOURCES; i++) build(frames[i], size, i);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_len = (size_t)size;
        tx[i].msg_hdr.msg_iov = &iov[i];
        tx[i].msg_hdr.msg_iovlen = 1;
    }
    double start = now();
    long sent = 0, errors = 0;
    while (sent < count) {
        long n = count - sent < BATCH ? count - sent : BATCH;
        if (rate) {
            /* paced: send what is due (one at a time in latency mode, so each stamp is fresh) */
            long due;
            while ((due = (long)((now() - start) * (double)rate) + 1 - sent) <= 0) pace(start + (double)sent / (double)rate);
            if (latency || due < n) n = latency ? 1 : due;
        }
        for (int i = 0; i < n; i++) {
            uint8_t *f = frames[(sent + i) % SOURCES];
            if (latency) {
                build(f, size, sent + i);
                double t = now();
                memcpy(f + OFF_STAMP, &t, 8);
            }
            iov[i].iov_base = f;
        }
        int k = sendmmsg(fd, tx, (unsigned)n, 0);
        if (k > 0) sent += k;
        else if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN) { perror("pktblast: sendmmsg"); return 1; }
        else errors++;
    }
    double end = now();
    sending_done = 1;
    pthread_join(th, NULL);
    double offered = (double)sent / (end - start);
    double rx_rate = received > 1 && last_rx > first_rx ? (double)(received - 1) / (last_rx - first_rx) : 0;
    long lost = sent > received ? sent - received : 0;
    if (latency) {
        qsort(rtts, (size_t)nrtt, sizeof(double), cmp);
        double med = nrtt ? rtts[nrtt / 2] : 0, p99 = nrtt ? rtts[(long)((double)(nrtt - 1) * 0.99)] : 0;
        printf("{\"size\":%d,\"sent\":%ld,\"received\":%ld,\"lost\":%ld,\"median_us\":%.1f,\"p99_us\":%.1f}\n",
               size, sent, received, lost, med * 1e6, p99 * 1e6);
    } else {
        printf("{\"size\":%d,\"sent\":%ld,\"received\":%ld,\"lost\":%ld,\"offered_fps\":%.0f,\"returned_fps\":%.0f,"
               "\"send_retries\":%ld}\n", size, sent, received, lost, offered, rx_rate, errors);
    }
    return 0;
}
