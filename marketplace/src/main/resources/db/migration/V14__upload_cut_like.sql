-- An advertiser's ad uploaded on its dashboard is transcoded like the original it is for (the same rendition names,
-- sizes and segment length), so Fork.splice can put it into each of the original's renditions.
alter table upload add column cut_like text;
