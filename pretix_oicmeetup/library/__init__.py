"""The organizer's speaker library: each person once, with the consent to publish their photo; the editions'
speakers are copies that link back to their person (``people``)."""
