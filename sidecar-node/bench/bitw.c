/*
 * bitw: a minimal AF_PACKET bump in the wire, the ceiling the NetServ sidecar is measured against.
 * Receives frames in batches (recvmmsg), optionally does a NetMonitor-like parse-and-count per frame
 * (source IP, destination IP, TTL into a small open-addressing table), and sends every frame back out the
 * same interface (sendmmsg). Same socket options as the sidecar: promiscuous, ignore outgoing.
 *
 *   bitw IFACE [--netmonitor] [--batch 64]       stops on SIGTERM/SIGINT, prints counts to stderr
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
#define MAXB 256
#define TABLE (1 << 17)

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static uint64_t keys[TABLE];
static uint16_t ttls[TABLE];
static uint64_t counts[TABLE];
static uint8_t used[TABLE];

static void count(uint32_t src, uint32_t dst, int ttl) {
    uint64_t key = ((uint64_t)src << 32) | dst;
    uint64_t h = key * 0x9E3779B97F4A7C15ULL + (uint64_t)ttl;
    uint32_t i = (uint32_t)(h ^ (h >> 29)) & (TABLE - 1);
    while (used[i]) {
        if (keys[i] == key && ttls[i] == ttl) { counts[i]++; return; }
        i = (i + 1) & (TABLE - 1);
    }
    used[i] = 1; keys[i] = key; ttls[i] = (uint16_t)ttl; counts[i] = 1;
}

static void netmonitor(const uint8_t *f, unsigned len) {
    if (len < 34) return;
    unsigned l3 = 14;
    uint16_t et = (uint16_t)(f[12] << 8 | f[13]);
    if (et == 0x8100) { if (len < 38) return; et = (uint16_t)(f[16] << 8 | f[17]); l3 = 18; }
    if (et != 0x0800 || (f[l3] >> 4) != 4) return;
    uint32_t src, dst;
    memcpy(&src, f + l3 + 12, 4);
    memcpy(&dst, f + l3 + 16, 4);
    count(ntohl(src), ntohl(dst), f[l3 + 8]);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: bitw IFACE [--netmonitor] [--batch N]\n"); return 2; }
    const char *ifname = argv[1];
    int nm = 0, batch = 64;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--netmonitor")) nm = 1;
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc) batch = atoi(argv[++i]);
    }
    if (batch < 1 || batch > MAXB) batch = 64;
    int ifindex = (int)if_nametoindex(ifname);
    if (!ifindex) { fprintf(stderr, "no such interface: %s\n", ifname); return 1; }
    int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0) { perror("socket"); return 1; }
    int one = 1, buf = 4 << 20;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct timeval tv = {0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct packet_mreq mr = {0};
    mr.mr_ifindex = ifindex;
    mr.mr_type = PACKET_MR_PROMISC;
    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr);
    struct sockaddr_ll sll = {0};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) { perror("bind"); return 1; }

    static uint8_t slots[MAXB][SLOT];
    struct iovec iov[MAXB];
    struct mmsghdr rx[MAXB], tx[MAXB];
    struct iovec txiov[MAXB];
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    unsigned long long frames = 0, sent = 0, errors = 0;
    while (!stop) {
        memset(rx, 0, sizeof(struct mmsghdr) * (size_t)batch);
        for (int i = 0; i < batch; i++) {
            iov[i].iov_base = slots[i];
            iov[i].iov_len = SLOT;
            rx[i].msg_hdr.msg_iov = &iov[i];
            rx[i].msg_hdr.msg_iovlen = 1;
        }
        int n = recvmmsg(fd, rx, (unsigned)batch, MSG_WAITFORONE, NULL);
        if (n <= 0) continue;
        for (int i = 0; i < n; i++) {
            if (nm) netmonitor(slots[i], rx[i].msg_len);
            txiov[i].iov_base = slots[i];
            txiov[i].iov_len = rx[i].msg_len;
            memset(&tx[i], 0, sizeof tx[i]);
            tx[i].msg_hdr.msg_iov = &txiov[i];
            tx[i].msg_hdr.msg_iovlen = 1;
        }
        frames += (unsigned long long)n;
        int done = 0;
        while (done < n) {
            int k = sendmmsg(fd, tx + done, (unsigned)(n - done), 0);
            if (k <= 0) { if (errno != EINTR) { errors++; done++; } }
            else { done += k; sent += (unsigned long long)k; }
        }
    }
    fprintf(stderr, "bitw: %llu frames in, %llu out, %llu send errors\n", frames, sent, errors);
    return 0;
}
