"""Builds and reads Ethernet/IPv4/UDP frames as bytes (checksums included), for tests and tools."""

import struct

ETH_IPV4 = 0x0800


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp(src_ip, dst_ip, src_port, dst_port, payload=b"", ttl=64, src_mac="02:00:00:00:00:01",
        dst_mac="02:00:00:00:00:02"):
    """A UDP/IPv4 frame, padded to 60 bytes."""
    if isinstance(payload, str):
        payload = payload.encode()
    udp_len = 8 + len(payload)
    ip_hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0x4000, ttl, 17, 0, ip4(src_ip), ip4(dst_ip))
    ip_hdr = ip_hdr[:10] + struct.pack("!H", checksum(ip_hdr)) + ip_hdr[12:]
    pseudo = ip4(src_ip) + ip4(dst_ip) + struct.pack("!BBH", 0, 17, udp_len)
    udp_hdr = struct.pack("!HHHH", src_port, dst_port, udp_len, 0)
    csum = checksum(pseudo + udp_hdr + payload) or 0xffff
    udp_hdr = udp_hdr[:6] + struct.pack("!H", csum)
    frame = mac(dst_mac) + mac(src_mac) + struct.pack("!H", ETH_IPV4) + ip_hdr + udp_hdr + payload
    return frame.ljust(60, b"\0")


def parse_udp(frame):
    """(src_ip, dst_ip, src_port, dst_port, payload) of an untagged UDP/IPv4 frame, or None."""
    if len(frame) < 42 or struct.unpack("!H", frame[12:14])[0] != ETH_IPV4 or frame[23] != 17:
        return None
    ihl = (frame[14] & 0x0f) * 4
    total = struct.unpack("!H", frame[16:18])[0]
    l4 = 14 + ihl
    sport, dport, ulen = struct.unpack("!HHH", frame[l4:l4 + 6])
    src = ".".join(str(b) for b in frame[26:30])
    dst = ".".join(str(b) for b in frame[30:34])
    return src, dst, sport, dport, frame[l4 + 8:14 + total]
